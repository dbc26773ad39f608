// The conversation view (a thread's turns with their feedback inline) and text search.
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';
})();
