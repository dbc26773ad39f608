// People, invitations, API keys, project settings, the audit log and your own account (Manage navigation).
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';
  const kit = window.FeedbackHubDashboard;
  const { h, clear, $, $$, api, send, status, failedHere, loading, confirmAction, SignedOut, when } = kit;

  const ROLES = ['viewer', 'editor', 'admin', 'owner'];

  // ---------------------------------------------------------------- shared by the pages

  /** The caller (GET /v1/me): their role decides which roles the forms offer; the API decides what is allowed. */
  let me = null;
  async function loadMe() {
    me = await api('/v1/me');
    return me;
  }

  /** Roles the caller can hand out: an owner every role, anyone else up to their own (the API refuses more). */
  function grantable() {
    const mine = ROLES.indexOf(me && me.role);
    return ROLES.filter((r, i) => i <= mine && (r !== 'owner' || mine === ROLES.indexOf('owner')));
  }

  function roleOptions(select, roles, selected) {
    clear(select);
    for (const r of roles) select.append(h('option', { value: r, selected: r === selected }, r));
  }

  /** An action's refusal where the action is (the session ending signs out instead). */
  function problem(el, e) {
    if (e instanceof SignedOut) return;
    failedHere(el, e);
  }

  /** Runs an action from a button or form, with the button disabled meanwhile; false when it failed. */
  async function act(button, problemEl, work) {
    clear(problemEl);
    if (button) button.disabled = true;
    try {
      await work();
      return true;
    } catch (e) {
      problem(problemEl, e);
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }


  /**
   * Something shown this once (a key's secret, an invitation link): read-only, selected, with a copy button; the
   * focus moves to it so that a keyboard or screen reader user lands on it.
   */
  function showOnce(container, title, value, notes) {
    const id = 'once-' + Math.random().toString(36).slice(2);
    const input = h('input', { id, type: 'text', readonly: true, value, spellcheck: 'false', class: 'once-value' });
    const copied = h('span', { class: 'meta', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', class: 'primary' }, 'Copy');
    copy.addEventListener('click', async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(value);
        copied.textContent = 'Copied.';
      } catch (e) {
        copied.textContent = document.execCommand && document.execCommand('copy') ? 'Copied.' : 'Select it and copy it yourself (Ctrl+C).';
      }
    });
    const done = h('button', { type: 'button', class: 'quiet' }, 'Done, hide it');
    done.addEventListener('click', () => {
      clear(container);
      const form = container.previousElementSibling;
      const first = form && form.querySelector('input, select');
      if (first) first.focus();
    });
    clear(container).append(h('div', { class: 'once', role: 'group', 'aria-labelledby': id + '-title' },
      h('h3', { id: id + '-title' }, title),
      h('label', { for: id }, title),
      h('div', { class: 'once-row' }, input, copy, copied),
      notes.map((n) => h('p', { class: 'help' }, n)),
      done));
    input.focus();
    input.select();
  }

  /** A table; on a phone each row stacks into a card whose cells are named by data-label (dashboard.css). */
  function table(caption, headers, rows) {
    for (const row of rows) labelCells(row, headers);
    return h('div', { class: 'table-scroll' },
      h('table', { class: 'team-table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)));
  }

  function labelCells(row, headers) {
    Array.from(row.children).forEach((td, i) => { if (headers[i]) td.dataset.label = headers[i]; });
    return row;
  }

  // ---------------------------------------------------------------- people

  async function loadPeople(isCurrent) {
    loading($('#people-list'));
    clear($('#people-problem'));
    try {
      await loadMe();
      for (const select of $$('#view-people .role-choice')) roleOptions(select, grantable(), select.value || 'viewer');
      const [people, pending] = await Promise.all([api('/v1/users'), api('/v1/invitations')]);
      if (!isCurrent()) return false;
      renderPeople(people.items);
      renderPending(pending.items, people.items);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#people-list'), e, 'The people');
      return false;
    }
  }

  function renderPeople(items) {
    const rows = items.map((p) => {
      const self = me && me.user && me.user.id === p.id;
      const select = h('select', { 'aria-label': 'Role of ' + p.name, 'data-person': p.id });
      roleOptions(select, grantable().includes(p.role) ? grantable() : grantable().concat([p.role]), p.role);
      const save = h('button', { type: 'button' }, 'Save role');
      const remove = h('button', { type: 'button', class: 'danger' }, 'Remove');
      const rowProblem = h('div', { class: 'row-problem', 'aria-live': 'assertive' });
      save.addEventListener('click', () => changeRole(p, select, save, rowProblem));
      remove.addEventListener('click', () => removePerson(p, remove, rowProblem));
      return h('tr', { 'data-person': p.id },
        h('td', {}, h('strong', {}, p.name), self ? h('span', { class: 'meta' }, ' (you)') : null,
          h('span', { class: 'person-email' }, p.email)),
        h('td', {}, h('div', { class: 'role-edit' }, select, save), rowProblem),
        h('td', { class: 'meta' }, when(p.created_at)),
        h('td', {}, remove));
    });
    const list = clear($('#people-list'));
    if (!items.length) list.append(h('p', { class: 'empty' }, 'Nobody has an account yet.'));
    else list.append(table('People of this project', ['Person', 'Role', 'Since', ''], rows));
  }

  function renderPending(items, people) {
    const names = new Map(people.map((p) => ['person:' + p.id, p.name]));
    const rows = items.map((i) => h('tr', {},
      h('td', {}, i.email || '(the first owner: gives their email on joining)'),
      h('td', {}, i.role),
      h('td', { class: 'meta' }, names.get(i.invited_by) || (i.invited_by && i.invited_by.startsWith('person:') ? 'a removed person' : 'an API key')),
      h('td', { class: 'meta' }, when(i.expires_at))));
    const list = clear($('#pending-list'));
    if (!items.length) list.append(h('p', { class: 'empty' }, 'No invitation is waiting.'));
    else list.append(table('Pending invitations', ['Email', 'Role', 'Invited by', 'Link works until'], rows));
  }

  async function changeRole(person, select, button, rowProblem) {
    const role = select.value;
    if (role === person.role) {
      status(person.name + ' is already ' + role + '.');
      return;
    }
    const ok = await act(button, rowProblem, async () => {
      await send('PATCH', '/v1/users/' + encodeURIComponent(person.id), { role });
    });
    if (!ok) {
      select.value = person.role;
      select.focus();
      return;
    }
    status(person.name + ' is now ' + role + '.');
    await refreshPeople();
    const again = $('#people-list select[data-person="' + CSS.escape(person.id) + '"]');
    if (again) again.focus();
  }

  async function removePerson(person, button, rowProblem) {
    if (!await confirmAction('Remove ' + person.name + ' (' + person.email + ')? Their sessions end at once, and they cannot sign in again unless invited.',
      'Remove ' + person.name)) return;
    const ok = await act(button, rowProblem, async () => {
      await send('DELETE', '/v1/users/' + encodeURIComponent(person.id));
    });
    if (!ok) {
      button.focus();
      return;
    }
    status(person.name + ' was removed.');
    await refreshPeople();
    $('#people-list-title').focus();
  }

  async function refreshPeople() {
    try {
      const [people, pending] = await Promise.all([api('/v1/users'), api('/v1/invitations')]);
      renderPeople(people.items);
      renderPending(pending.items, people.items);
    } catch (e) {
      problem($('#people-problem'), e);
    }
  }

  async function invite(event) {
    event.preventDefault();
    const form = event.target;
    const email = $('#invite-email');
    if (!email.value.trim()) {
      $('#invite-problem').textContent = 'Enter the email of the person to invite.';
      email.focus();
      return;
    }
    let answer = null;
    const ok = await act(form.querySelector('button[type=submit]'), $('#invite-problem'), async () => {
      answer = await send('POST', '/v1/invitations', { email: email.value.trim(), role: $('#invite-role').value });
    });
    if (!ok) {
      email.focus();
      return;
    }
    const inv = answer.invitation;
    email.value = '';
    await refreshPeople();
    showOnce($('#invite-result'), 'Invitation link for ' + inv.email, inv.link, [
      'Send it to ' + inv.email + ' yourself: it works once, until ' + when(inv.expires_at) + ', and makes them ' + inv.role + '.',
      'It is shown only now; if it is lost, invite them again.']);
  }

  async function createAccount(event) {
    event.preventDefault();
    const form = event.target;
    const email = $('#account-new-email');
    const password = $('#account-new-password');
    if (!email.value.trim() || !password.value) {
      $('#account-new-problem').textContent = 'Enter an email and a password.';
      (email.value.trim() ? password : email).focus();
      return;
    }
    let person = null;
    const body = { email: email.value.trim(), role: $('#account-new-role').value, password: password.value };
    if ($('#account-new-name').value.trim()) body.name = $('#account-new-name').value.trim();
    const ok = await act(form.querySelector('button[type=submit]'), $('#account-new-problem'), async () => {
      person = await send('POST', '/v1/users', body);
    });
    if (!ok) {
      email.focus();
      return;
    }
    form.reset();
    roleOptions($('#account-new-role'), grantable(), 'viewer');
    status('Account ' + person.email + ' created (' + person.role + ').');
    await refreshPeople();
    $('#people-list-title').focus();
  }

  // ---------------------------------------------------------------- keys

  const KIND = { admin: 'Admin', secret: 'Secret', publishable: 'Publishable' };

  async function loadKeys(isCurrent) {
    loading($('#keys-list'));
    clear($('#keys-problem'));
    try {
      const keys = await api('/v1/keys');
      if (!isCurrent()) return false;
      renderKeys(keys.items);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#keys-list'), e, 'The keys');
      return false;
    }
  }

  let shownKeys = [];
  function renderKeys(items) {
    shownKeys = items;
    const showRevoked = $('#keys-show-revoked').checked;
    const visible = items.filter((k) => showRevoked || !k.revoked_at);
    const rows = visible.map((k) => {
      const label = (k.name || KIND[k.role] + ' key') + ' (' + k.prefix + '…)';
      let action = h('span', { class: 'meta' }, 'revoked ' + when(k.revoked_at));
      const rowProblem = h('div', { class: 'row-problem', 'aria-live': 'assertive' });
      if (!k.revoked_at) {
        action = h('button', { type: 'button', class: 'danger', 'aria-label': 'Revoke ' + label }, 'Revoke');
        action.addEventListener('click', () => revokeKey(k, label, action, rowProblem));
      }
      const origins = k.role === 'publishable'
        ? h('div', {}, h('ul', { class: 'origins' }, (k.allowed_origins || []).map((o) => h('li', {}, h('code', {}, o)))),
          k.revoked_at ? null : originsEditor(k, label, rowProblem))
        : h('span', { class: 'meta' }, 'any (server side)');
      return h('tr', { 'data-key': k.id, class: k.revoked_at ? 'revoked' : null },
        h('td', {}, KIND[k.role] || k.role),
        h('td', {}, h('strong', {}, k.name || '(no name)'), h('code', { class: 'key-prefix' }, k.prefix + '…')),
        h('td', { class: 'meta' }, when(k.created_at)),
        h('td', {}, origins),
        h('td', {}, action, rowProblem));
    });
    const list = clear($('#keys-list'));
    if (!visible.length) list.append(h('p', { class: 'empty' }, items.length ? 'Every key is revoked.' : 'No keys yet.'));
    else list.append(table('API keys of this project', ['Kind', 'Name and prefix', 'Created', 'Allowed origins', ''], rows));
  }

  /** "Change origins" opens a small form in the row: one origin a line, saved with PATCH /v1/keys/{id}. */
  function originsEditor(k, label, rowProblem) {
    const id = 'origins-' + k.id;
    const toggle = h('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false', 'aria-controls': id,
      'aria-label': 'Change the origins of ' + label }, 'Change origins');
    const area = h('textarea', { id: id + '-text', rows: 3, spellcheck: 'false' }, (k.allowed_origins || []).join('\n'));
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save origins');
    const cancel = h('button', { type: 'button', class: 'quiet' }, 'Cancel');
    const form = h('form', { id, class: 'team-form origins-form', hidden: true, novalidate: true },
      h('label', { for: id + '-text' }, 'Allowed origins of ' + label + ', one a line'), area, h('div', { class: 'role-edit' }, save, cancel));
    const close = () => {
      form.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    };
    toggle.addEventListener('click', () => {
      form.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      area.focus();
    });
    cancel.addEventListener('click', close);
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const wanted = origins(area.value);
      if (!wanted.length) {
        clear(rowProblem).append(h('p', { class: 'problem' }, 'A publishable key needs at least one origin (or * for any).'));
        area.focus();
        return;
      }
      const ok = await act(save, rowProblem, () => send('PATCH', '/v1/keys/' + encodeURIComponent(k.id), { allowed_origins: wanted }));
      if (!ok) {
        area.focus();
        return;
      }
      status('The origins of ' + label + ' were saved; the key itself is unchanged.');
      await refreshKeys();
      const again = $('#keys-list tr[data-key="' + CSS.escape(k.id) + '"] button[aria-controls]');
      if (again) again.focus();
    });
    return h('div', {}, toggle, form);
  }

  async function revokeKey(k, label, button, rowProblem) {
    if (!await confirmAction('Revoke ' + label + '? Everything that uses it is refused from now on (within a second on every node). This cannot be undone.',
      'Revoke the key')) return;
    const ok = await act(button, rowProblem, () => send('DELETE', '/v1/keys/' + encodeURIComponent(k.id)));
    if (!ok) {
      button.focus();
      return;
    }
    status(label + ' was revoked.');
    await refreshKeys();
    $('#keys-list-title').focus();
  }

  async function refreshKeys() {
    try {
      renderKeys((await api('/v1/keys')).items);
    } catch (e) {
      problem($('#keys-problem'), e);
    }
  }

  function origins(text) {
    return text.split(/[\s,]+/).map((o) => o.trim()).filter(Boolean);
  }

  async function createKey(event) {
    event.preventDefault();
    const form = event.target;
    const role = $('#key-new-kind').value;
    const body = { role };
    if ($('#key-new-name').value.trim()) body.name = $('#key-new-name').value.trim();
    if (role === 'publishable') {
      body.allowed_origins = origins($('#key-new-origins').value);
      if (!body.allowed_origins.length) {
        $('#key-new-problem').textContent = 'A publishable key needs the origins it may be used from.';
        $('#key-new-origins').focus();
        return;
      }
    }
    let issued = null;
    const ok = await act(form.querySelector('button[type=submit]'), $('#key-new-problem'), async () => {
      issued = await send('POST', '/v1/keys', body);
    });
    if (!ok) {
      $('#key-new-kind').focus();
      return;
    }
    form.reset();
    kindChanged();
    showOnce($('#key-new-result'), 'Your new ' + role + ' key' + (issued.name ? ' "' + issued.name + '"' : ''), issued.secret, [
      'Copy it now and keep it somewhere safe: you will not see it again. The hub keeps only its hash.',
      role === 'publishable' ? 'It works only from: ' + issued.allowed_origins.join(', ') + '.'
        : 'Send it as Authorization: Bearer <key> from your servers; never put it in a web page.']);
    await refreshKeys();
  }

  function kindChanged() {
    $('#key-new-origins-field').hidden = $('#key-new-kind').value !== 'publishable';
  }

  // ---------------------------------------------------------------- audit

  const AUDIT_COLUMNS = ['When', 'Who', 'What', 'From where'];
  const AUDIT_FILTERS = ['actor_id', 'method', 'route', 'target_id', 'since', 'until'];
  const audit = { query: null, cursor: null, names: new Map() };

  /** Who an actor id is: a person's name and email, a key's name and prefix, else the id itself. */
  function actorName(actor) {
    return audit.names.get(actor.id) || (actor.kind === 'end_user' ? 'end user ' + actor.id : actor.id);
  }

  async function loadActorNames() {
    const [people, keys] = await Promise.all([api('/v1/users').catch(noNames), api('/v1/keys').catch(noNames)]);
    const names = new Map();
    for (const p of people.items) names.set('person:' + p.id, p.name + ' <' + p.email + '>');
    for (const k of keys.items) names.set(k.id, (k.name || KIND[k.role] + ' key') + ' (' + k.prefix + '…)');
    audit.names = names;
    const select = $('#audit-actor');
    const chosen = select.value;
    clear(select).append(h('option', { value: '' }, 'Anyone'));
    for (const [id, name] of names) select.append(h('option', { value: id }, name));
    if (chosen && !names.has(chosen)) select.append(h('option', { value: chosen }, chosen));
    select.value = chosen;
  }

  function noNames(e) {
    if (e instanceof SignedOut) throw e;
    return { items: [] }; // names are a help; the log reads without them
  }

  /** datetime-local (the browser's time zone) <-> the API's instants. */
  const toInstant = (local) => (local ? new Date(local).toISOString() : '');
  function toLocal(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function auditFormFromQuery(query) {
    const form = $('#audit-filters');
    for (const name of AUDIT_FILTERS) {
      const el = form.elements[name];
      const value = query.get(name) || '';
      if (name === 'since' || name === 'until') el.value = value ? toLocal(value) : '';
      else if (el.tagName === 'SELECT' && value && !Array.from(el.options).some((o) => o.value === value)) {
        el.append(h('option', { value }, value));
        el.value = value;
      } else el.value = value;
    }
  }

  function auditQueryFromForm() {
    const form = $('#audit-filters');
    const p = new URLSearchParams();
    for (const name of AUDIT_FILTERS) {
      const raw = form.elements[name].value.trim();
      const value = name === 'since' || name === 'until' ? toInstant(raw) : raw;
      if (value) p.set(name, value);
    }
    return p;
  }

  async function loadAudit(isCurrent, query) {
    audit.query = new URLSearchParams();
    for (const name of AUDIT_FILTERS) if (query.get(name)) audit.query.set(name, query.get(name));
    audit.cursor = null;
    clear($('#audit-problem'));
    loading($('#audit-list'));
    $('#audit-older').hidden = true;
    try {
      await loadActorNames();
      auditFormFromQuery(audit.query);
      const page = await api('/v1/audit', audit.query);
      if (!isCurrent()) return false;
      clear($('#audit-list'));
      renderAudit(page);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#audit-list'), e, 'The audit log');
      return false;
    }
  }

  function renderAudit(page) {
    const list = $('#audit-list');
    let body = $('tbody', list);
    if (!body) {
      if (!page.items.length) {
        list.append(h('p', { class: 'empty' }, 'No entries match these filters.'));
        return;
      }
      list.append(table('Audit log entries, newest first', AUDIT_COLUMNS, []));
      body = $('tbody', list);
    }
    const routes = $('#audit-routes');
    const known = new Set(Array.from(routes.options).map((o) => o.value));
    for (const e of page.items) {
      if (!known.has(e.route)) {
        known.add(e.route);
        routes.append(h('option', { value: e.route }));
      }
      const targets = Object.entries(e.target || {}).map(([k, v]) => k + ' ' + (audit.names.get('person:' + v) || audit.names.get(v) || v));
      body.append(labelCells(h('tr', { 'data-entry': e.id },
        h('td', { class: 'meta' }, h('time', { datetime: e.at }, when(e.at))),
        h('td', {}, actorName(e.actor)),
        h('td', {}, h('code', {}, e.action), targets.length ? h('span', { class: 'meta audit-target' }, targets.join(', ')) : null,
          h('span', { class: 'meta' }, ' → ' + e.status + (e.door !== '/v1' ? ' via ' + e.door : ''))),
        h('td', { class: 'meta' }, e.client_address || '–', e.user_agent ? h('span', { class: 'audit-agent' }, e.user_agent) : null)),
        AUDIT_COLUMNS));
    }
    audit.cursor = page.next_cursor;
    $('#audit-older').hidden = !audit.cursor;
  }

  async function older() {
    const button = $('#audit-older');
    const before = $$('#audit-list tbody tr').length;
    await act(button, $('#audit-problem'), async () => {
      const p = new URLSearchParams(audit.query);
      p.set('cursor', audit.cursor);
      renderAudit(await api('/v1/audit', p));
    });
    // the first of the older rows takes the focus, so the keyboard carries on reading from there
    const first = $$('#audit-list tbody tr')[before];
    if (first) {
      first.setAttribute('tabindex', '-1');
      first.focus();
    } else if (button.hidden) $('#audit-list').focus();
  }

  function filterAudit(event) {
    event.preventDefault();
    const p = auditQueryFromForm();
    const hash = '#audit' + (p.toString() ? '?' + p.toString() : '');
    showAudit(hash);
  }

  /** The filters live in the hash (#audit?actor_id=…), so a filtered log can be shared; the same hash reloads. */
  function showAudit(hash) {
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  }

  // ---------------------------------------------------------------- wiring

  kit.addView('people', { label: 'People', nav: 'manage', role: 'admin', load: loadPeople });
  kit.addView('keys', { label: 'API keys', nav: 'manage', role: 'admin', load: loadKeys });
  kit.addView('audit', { label: 'Audit log', nav: 'manage', role: 'admin', load: loadAudit });

  $('#invite-form').addEventListener('submit', invite);
  $('#account-new-form').addEventListener('submit', createAccount);
  $('#key-new-form').addEventListener('submit', createKey);
  $('#key-new-kind').addEventListener('change', kindChanged);
  $('#keys-show-revoked').addEventListener('change', () => renderKeys(shownKeys));
  $('#audit-filters').addEventListener('submit', filterAudit);
  $('#audit-filters').addEventListener('reset', () => setTimeout(() => showAudit('#audit'), 0));
  $('#audit-older').addEventListener('click', older);
  $('#audit-list').setAttribute('tabindex', '-1');
  for (const select of $$('#view-people .role-choice')) roleOptions(select, ['viewer'], 'viewer');
})();
