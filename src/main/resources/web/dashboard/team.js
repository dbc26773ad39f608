// People, invitations, API keys, project settings, the audit log and your own account (Manage navigation).
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';
})();
