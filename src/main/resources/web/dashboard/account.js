// Project settings and your own account (Manage navigation): GET/PATCH /v1/settings, POST /v1/me/password,
// GET /v1/me/sessions, DELETE /v1/me/sessions/{id}. Built on window.FeedbackHubDashboard (docs/web.md).
(() => {
  'use strict';
  const kit = window.FeedbackHubDashboard;
  const { h, $, api, send, clear, loading, failedHere, allows, status, when } = kit;

  // ---------------------------------------------------------------- settings

  let settings = null;

  async function loadSettings(isCurrent) {
    const body = $('#settings-body');
    loading(body);
    try {
      settings = await api('/v1/settings');
    } catch (e) {
      failedHere(body, e, 'The settings');
      return false;
    }
    if (!isCurrent()) return false;
    clear(body).append(settingsForm(settings, allows('admin')));
    return true;
  }

  function option(value, text, selected) {
    return h('option', { value, selected: selected || false }, text);
  }

  function settingsForm(s, mayChange) {
    const strictOwn = s.strict_conversations === s.strict_conversations_default ? 'default' : String(s.strict_conversations);
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const form = h('form', { id: 'settings-form', class: 'settings-form', novalidate: true, onsubmit: saveSettings },
      h('label', { for: 'settings-viewer-comments' }, 'Comments and corrections for viewers'),
      h('select', { id: 'settings-viewer-comments', name: 'viewer_comments', disabled: !mayChange, 'aria-describedby': 'settings-viewer-comments-help' },
        option('shown', 'Shown', s.viewer_comments === 'shown'),
        option('hidden', 'Hidden', s.viewer_comments === 'hidden')),
      h('p', { id: 'settings-viewer-comments-help', class: 'help' },
        'Hidden: viewers read labels, scores and reasons, but no comment or correction, in the feed, conversations and exports.'),
      h('label', { for: 'settings-time-zone' }, 'Time zone'),
      h('input', { id: 'settings-time-zone', name: 'time_zone', type: 'text', value: s.time_zone, list: 'settings-zones',
        autocomplete: 'off', spellcheck: 'false', disabled: !mayChange, 'aria-describedby': 'settings-time-zone-help' }),
      h('datalist', { id: 'settings-zones' }, zones.map((z) => h('option', { value: z }))),
      h('p', { id: 'settings-time-zone-help', class: 'help' }, 'An IANA zone such as Europe/Paris: where the API\'s daily and weekly stats begin when a request names no zone'
        + ' (these pages chart in your browser\'s zone).'),
      h('label', { for: 'settings-strict' }, 'Strict conversations (Devic clients)'),
      h('select', { id: 'settings-strict', name: 'strict_conversations', disabled: !mayChange, 'aria-describedby': 'settings-strict-help' },
        option('default', 'As the server says (' + (s.strict_conversations_default ? 'on' : 'off') + ')', strictOwn === 'default'),
        option('true', 'On', strictOwn === 'true'),
        option('false', 'Off', strictOwn === 'false')),
      h('p', { id: 'settings-strict-help', class: 'help' }, 'On: feedback on a chat or thread is taken only once it was registered.'),
      h('p', { id: 'settings-problem', class: 'problem', 'aria-live': 'assertive' }),
      mayChange
        ? h('button', { type: 'submit', class: 'primary' }, 'Save settings')
        : h('p', { class: 'help', id: 'settings-read-only' }, 'Only admins change these settings; you can read them.'));
    const retention = s.retention;
    return h('div', null, form,
      h('h2', null, 'Retention'),
      h('dl', { class: 'settings-retention' },
        h('dt', null, 'Feedback'), h('dd', null, retention.feedback === null ? 'Kept until deleted' : retention.feedback),
        h('dt', null, 'Trace text (prompts and answers)'), h('dd', null, retention.context),
        h('dt', null, 'Audit log'), h('dd', null, retention.audit)),
      h('p', { class: 'help' }, 'Retention is set for the whole server by its operator.'),
      s.updated_at ? h('p', { class: 'meta' }, 'Last changed ' + when(s.updated_at)) : null);
  }

  async function saveSettings(event) {
    event.preventDefault();
    const problem = $('#settings-problem');
    problem.textContent = '';
    const strict = $('#settings-strict').value;
    const zone = $('#settings-time-zone').value.trim();
    const change = {
      viewer_comments: $('#settings-viewer-comments').value,
      time_zone: zone === '' ? null : zone,
      strict_conversations: strict === 'default' ? null : strict === 'true',
    };
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      settings = await send('PATCH', '/v1/settings', change);
      clear($('#settings-body')).append(settingsForm(settings, allows('admin')));
      status('Settings saved.');
      $('#settings-status').textContent = 'Settings saved.';
      $('#settings-viewer-comments').focus();
    } catch (e) {
      if (e instanceof kit.SignedOut) return;
      problem.textContent = e.message;
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- your account

  async function loadAccount(isCurrent) {
    const body = $('#account-sessions');
    loading(body);
    let me;
    try {
      me = await api('/v1/me');
    } catch (e) {
      failedHere(body, e, 'Your account');
      return false;
    }
    if (!isCurrent()) return false;
    const person = Boolean(me.user);
    $('#account-key-note').hidden = person;
    $('#account-password').hidden = !person;
    $('#account-sessions-part').hidden = !person;
    $('#account-who').textContent = person ? me.user.name + ' (' + me.user.email + '), ' + me.role : '';
    if (!person) return true;
    return loadSessions(isCurrent);
  }

  async function loadSessions(isCurrent = () => true) {
    const body = $('#account-sessions');
    let sessions;
    try {
      sessions = await api('/v1/me/sessions');
    } catch (e) {
      failedHere(body, e, 'Your sessions');
      return false;
    }
    if (!isCurrent()) return false;
    clear(body).append(h('ul', { class: 'account-session-list' }, sessions.items.map(sessionItem)));
    return true;
  }

  function sessionItem(s) {
    const browser = s.user_agent || 'an unknown browser';
    return h('li', { class: 'account-session' + (s.current ? ' current' : '') },
      h('p', { class: 'account-session-agent' }, browser),
      h('p', { class: 'meta' }, 'Signed in ' + when(s.created_at) + (s.address ? ' from ' + s.address : '')
        + ' · last used ' + when(s.last_seen_at) + ' · ends ' + when(s.expires_at)),
      s.current
        ? h('p', { class: 'account-session-current' }, 'This browser')
        : h('button', { type: 'button', 'aria-label': 'End the session of ' + browser + ' signed in ' + when(s.created_at),
          onclick: (event) => endSession(event.currentTarget, s.id) }, 'End'));
  }

  async function endSession(button, id) {
    button.disabled = true;
    try {
      await send('DELETE', '/v1/me/sessions/' + encodeURIComponent(id));
      $('#account-sessions-status').textContent = 'Session ended.';
      await loadSessions();
      $('#account-sessions-title').focus();
    } catch (e) {
      if (e instanceof kit.SignedOut) return;
      $('#account-sessions-status').textContent = e.message;
      button.disabled = false;
    }
  }

  async function changePassword(event) {
    event.preventDefault();
    const problem = $('#account-password-problem');
    const done = $('#account-password-status');
    problem.textContent = '';
    done.textContent = '';
    const next = $('#me-new-password').value;
    if (next !== $('#account-repeat-password').value) {
      problem.textContent = 'The new password and its repetition differ.';
      $('#account-repeat-password').focus();
      return;
    }
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await send('POST', '/v1/me/password', { current_password: $('#account-current-password').value, new_password: next });
      event.target.reset();
      done.textContent = 'Password changed. Your other sessions have ended.';
      await loadSessions();
    } catch (e) {
      if (e instanceof kit.SignedOut) return;
      problem.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }

  kit.addView('settings', { label: 'Settings', nav: 'manage', role: 'viewer', load: loadSettings });
  kit.addView('account', { label: 'Your account', nav: 'manage', role: 'viewer', load: loadAccount });
  $('#account-password-form').addEventListener('submit', changePassword);
})();
