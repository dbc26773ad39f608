// Feedback configs with a widget preview, alert rules, webhook endpoints with their deliveries (Manage navigation).
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';
})();
