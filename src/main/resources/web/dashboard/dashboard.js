/*
 * Feedback Hub dashboard: plain JavaScript, no dependencies, shipped in the jar.
 *
 * It uses only the public /v1 API (stats, compare, export, the feedback listing and history, the message
 * registry), signed in either with an account (POST /v1/auth/login: an HttpOnly session cookie the page never sees;
 * the CSRF token it is given is kept in sessionStorage for the changes it makes, such as signing out) or with a
 * secret key. The key lives in this tab's sessionStorage and travels in the Authorization header only, never in a URL. The hash holds the view and its filters (#breakdowns?agent=…),
 * so that a view can be shared and a reload restores it; nothing secret goes there.
 * Everything that comes from the API is put on the page as text (textContent), never parsed as HTML.
 *
 * Truth on every view: each view has its own request generation; a load bumps it, clears every table it will
 * fill, and an answer that arrives for an older generation (an earlier filter) is dropped. Each sub-query of a view
 * succeeds or fails on its own, and a failure replaces its table with the error, so no table keeps numbers of an
 * earlier filter. A view counts as loaded only when every part of it succeeded, so coming back to it retries.
 */
(() => {
  'use strict';

  const KEY_STORAGE = 'feedbackhub.dashboard.key';
  const CSRF_STORAGE = 'feedbackhub.dashboard.csrf';
  const BUILT_IN_VIEWS = ['overview', 'breakdowns', 'compare', 'feed', 'export'];
  const ROLES = ['viewer', 'editor', 'admin', 'owner'];
  const FEED_PAGE = 25;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const FEED_SCAN_PAGE = 200;   // listing page size when "negative first" looks for negatives itself
  const FEED_SCAN_PAGES = 10;   // at most this many listing pages per click before showing what was found

  const state = {
    view: null,
    filters: null,          // the applied filters (see readFilters)
    query: null,            // the filters as the hash's query string they were last applied from or written to
    loaded: {},             // view -> the filters' signature it was last fully loaded with
    generations: {},        // view -> bumps on every load of that view; older answers are dropped
    agentNames: new Map(),  // agent id -> registered name
    agentNamesLoaded: null, // the promise of the registry read
    sort: {},               // breakdown dimension -> {column, descending}
    expanded: {},           // breakdown dimension -> whether "Show all" was pressed
    compareRun: null,       // the query of the comparison on the page
    comparisons: 0,         // bumps on every comparison run; an older one's answer is dropped
    compareFilters: null,   // the filters' signature that comparison was made under
    feed: { phase: null, cursor: null, seen: new Set(), current: () => false },
    role: null,             // the caller's role (GET /v1/me): which views the navigation offers
  };

  /**
   * Views added by the dashboard's other scripts (see window.FeedbackHubDashboard below): name -> {label, nav,
   * filters, role, load}. They are routed, hidden and guarded like the built-in views.
   */
  const addedViews = new Map();

  function views() {
    return BUILT_IN_VIEWS.concat(Array.from(addedViews.keys()));
  }

  // ---------------------------------------------------------------- small DOM helpers

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /** An element with attributes and children; strings become text nodes, never HTML. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttributes(el, attrs);
    append(el, children);
    return el;
  }

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttributes(el, attrs);
    append(el, children);
    return el;
  }

  function setAttributes(el, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') el.textContent = value;
      else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }

  function append(el, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  // ---------------------------------------------------------------- formatting

  const percent = (x, digits = 1) => (x === null || x === undefined) ? '–' : (x * 100).toFixed(digits) + ' %';
  const count = (n) => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en');
  const points = (x) => (x === null || x === undefined) ? '–' : (x >= 0 ? '+' : '−') + Math.abs(x * 100).toFixed(1) + ' points';
  const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
  const toTheSecond = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  const when = (iso) => iso ? dateTime.format(new Date(iso)) : '–';
  /** For events seconds apart, such as a webhook's delivery attempts. */
  const whenToTheSecond = (iso) => iso ? toTheSecond.format(new Date(iso)) : '–';
  const orNone = (v) => (v === null || v === undefined || v === '') ? '(none)' : v;

  function interval(low, high) {
    return (low === null || low === undefined) ? 'no interval' : percent(low) + ' – ' + percent(high);
  }

  // ---------------------------------------------------------------- status and errors

  let statusTimer = null;
  function status(text) {
    const el = $('#status');
    el.textContent = text;
    el.classList.toggle('visible', Boolean(text));
    clearTimeout(statusTimer);
    if (text) statusTimer = setTimeout(() => status(''), 4000);
  }

  function showError(text) {
    const el = $('#error');
    el.textContent = text || '';
    el.hidden = !text;
  }

  // ---------------------------------------------------------------- API

  /** A refusal or failure of the API, with its HTTP status (0 when the hub did not answer) and its field errors. */
  class ApiError extends Error {
    constructor(message, httpStatus = 0, errors = []) {
      super(message);
      this.httpStatus = httpStatus;
      this.errors = errors; // the problem's [{field, message, type}], so that a form can show each next to its field
    }
  }
  class SignedOut extends Error {}

  function key() {
    return sessionStorage.getItem(KEY_STORAGE);
  }

  /** How this tab is signed in: the key in a header, or else the session cookie (the browser sends it). */
  function credentials(headers) {
    if (key()) return { headers: Object.assign({ Authorization: 'Bearer ' + key() }, headers), credentials: 'omit' };
    return { headers: Object.assign({ 'X-CSRF-Token': sessionStorage.getItem(CSRF_STORAGE) || '' }, headers), credentials: 'same-origin' };
  }

  /** GET a /v1 path with the key in a header (or the session cookie); JSON unless raw. 401 signs out. */
  async function api(path, params, { raw = false, allow404 = false } = {}) {
    const url = path + (params && params.toString() ? '?' + params.toString() : '');
    let response;
    try {
      response = await fetch(url, Object.assign({ cache: 'no-store' }, credentials({ Accept: raw ? '*/*' : 'application/json' })));
    } catch (e) {
      throw new ApiError('The hub did not answer (' + e.message + '). Is it running?');
    }
    if (response.status === 401) {
      signOut((key() ? 'Your key was refused (' : 'Your session has ended (') + await detail(response) + '). Sign in again.');
      throw new SignedOut();
    }
    if (allow404 && response.status === 404) return null;
    if (!response.ok) {
      throw new ApiError(response.status + ': ' + await detail(response), response.status);
    }
    return raw ? response : response.json();
  }

  /**
   * A change (POST, PUT, PATCH, DELETE) with a JSON body: the key in a header, or the session cookie and its CSRF
   * token. The answer's JSON, or null for 204. 401 signs out; any other failure throws an ApiError with the detail.
   */
  async function send(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, Object.assign({ method, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) },
        credentials(headers)));
    } catch (e) {
      throw new ApiError('The hub did not answer (' + e.message + '). Is it running?');
    }
    if (response.status === 401) {
      signOut((key() ? 'Your key was refused (' : 'Your session has ended (') + await detail(response) + '). Sign in again.');
      throw new SignedOut();
    }
    if (!response.ok) {
      const problem = await response.clone().json().catch(() => null);
      throw new ApiError(response.status + ': ' + await detail(response), response.status, (problem && problem.errors) || []);
    }
    return response.status === 204 ? null : response.json();
  }

  async function detail(response) {
    try {
      const problem = await response.json();
      const fields = (problem.errors || []).map((e) => e.field + ' ' + e.message).join('; ');
      return (problem.detail || problem.title || response.statusText) + (fields ? ' (' + fields + ')' : '');
    } catch (e) {
      return response.statusText || 'error';
    }
  }

  /** Runs a load; reports failures in the banner unless the session ended. */
  async function guarded(work) {
    try {
      showError('');
      await work();
    } catch (e) {
      if (e instanceof SignedOut) return;
      showError(e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message);
      if (!(e instanceof ApiError)) console.error(e);
    }
  }

  // ---------------------------------------------------------------- sign in / out

  function signedIn() {
    return Boolean(key() || sessionStorage.getItem(CSRF_STORAGE));
  }

  /** POSTs JSON to a sign-in route with the session cookie; the answer, or null when the hub did not answer. */
  async function postForSession(path, body, problem) {
    try {
      return await fetch(path, {
        method: 'POST', credentials: 'same-origin', cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
      });
    } catch (e) {
      problem.textContent = 'The hub did not answer. Is it running?';
      return null;
    }
  }

  async function signInWithAccount(event) {
    event.preventDefault();
    const email = $('#signin-email');
    const password = $('#signin-password');
    const problem = $('#account-problem');
    problem.textContent = '';
    if (!email.value.trim() || !password.value) {
      problem.textContent = 'Enter your email and password.';
      (email.value.trim() ? password : email).focus();
      return;
    }
    const response = await postForSession('/v1/auth/login', { email: email.value.trim(), password: password.value }, problem);
    if (!response) return;
    if (!response.ok) {
      problem.textContent = response.status === 401 ? 'The email or the password is wrong.' : await detail(response);
      password.focus();
      return;
    }
    password.value = '';
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.setItem(CSRF_STORAGE, (await response.json()).csrf_token);
    enter();
  }

  async function acceptInvitation(event) {
    event.preventDefault();
    const problem = $('#accept-problem');
    problem.textContent = '';
    const token = location.hash.replace(/^#invitation=/, '');
    const body = { name: $('#accept-name').value.trim() || undefined, password: $('#accept-password').value };
    if ($('#accept-email').value.trim()) body.email = $('#accept-email').value.trim();
    const response = await postForSession('/v1/invitations/' + encodeURIComponent(token) + '/accept', body, problem);
    if (!response) return;
    if (!response.ok) {
      problem.textContent = response.status === 404 ? 'This link is unknown, used or expired: ask for a new one.' : await detail(response);
      return;
    }
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.setItem(CSRF_STORAGE, (await response.json()).csrf_token);
    $('#accept-password').value = '';
    $('#view-accept').hidden = true;
    history.replaceState(null, '', '#overview');
    enter();
  }

  function showAccept() {
    for (const view of views()) $('#view-' + view).hidden = true;
    $('#view-signin').hidden = true;
    $('#view-accept').hidden = false;
    $('#accept-name').focus();
  }

  /** A session this tab does not know of yet (signed in in another tab): GET /v1/me with the cookie. */
  async function resumeSession() {
    try {
      const response = await fetch('/v1/me', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
      if (!response.ok) return false;
      const me = await response.json();
      if (!me.user) return false;
      sessionStorage.setItem(CSRF_STORAGE, me.csrf_token);
      return true;
    } catch (e) {
      return false;
    }
  }

  async function signIn(event) {
    event.preventDefault();
    const input = $('#signin-key');
    const problem = $('#signin-problem');
    const candidate = input.value.trim();
    problem.textContent = '';
    if (!candidate) {
      problem.textContent = 'Enter a secret key.';
      input.focus();
      return;
    }
    // A cheap read that needs a secret key: tells a wrong or publishable key apart before anything else.
    let response;
    try {
      response = await fetch('/v1/stats?group_by=name', {
        headers: { Authorization: 'Bearer ' + candidate, Accept: 'application/json' }, cache: 'no-store', credentials: 'omit',
      });
    } catch (e) {
      problem.textContent = 'The hub did not answer. Is it running?';
      return;
    }
    if (!response.ok) {
      problem.textContent = response.status === 401 || response.status === 403
        ? 'This key cannot read: ' + await detail(response)
        : 'The hub answered ' + response.status + ': ' + await detail(response);
      input.focus();
      return;
    }
    sessionStorage.removeItem(CSRF_STORAGE);
    sessionStorage.setItem(KEY_STORAGE, candidate);
    input.value = '';
    enter();
  }

  function signOut(message) {
    const csrf = sessionStorage.getItem(CSRF_STORAGE);
    if (csrf && !key()) {
      // ends the session on the server (every node), not only in this tab; a failure leaves it to expire
      fetch('/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } }).catch(() => {});
    }
    sessionStorage.removeItem(CSRF_STORAGE);
    sessionStorage.removeItem(KEY_STORAGE);
    state.loaded = {};
    state.filters = null;
    state.query = null;
    state.compareRun = null;
    state.agentNames = new Map();
    state.agentNamesLoaded = null;
    for (const view of views()) state.generations[view] = (state.generations[view] || 0) + 1; // drop answers in flight
    showError('');
    showSignIn(message);
  }

  function showSignIn(message) {
    for (const view of views()) $('#view-' + view).hidden = true;
    $('#filters').hidden = true;
    $('#views-nav').hidden = true;
    $('#sign-out').hidden = true;
    $('#view-signin').hidden = false;
    $('#signin-problem').textContent = message || '';
    $('#signin-email').focus();
    offerSingleSignOn();
  }

  /** The single sign-on link, shown only when the hub has an OpenID provider (GET /v1/auth/methods, asked once). */
  let signInMethods = null;
  function offerSingleSignOn() {
    signInMethods = signInMethods || fetch('/v1/auth/methods', { cache: 'no-store', credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : { oidc: null })).catch(() => ({ oidc: null }));
    signInMethods.then((methods) => {
      const link = $('#signin-sso-link');
      if (methods.oidc) link.textContent = methods.oidc.label ? 'Sign in with ' + methods.oidc.label : 'Sign in with single sign-on';
      $('#signin-sso').hidden = !methods.oidc;
    });
  }

  function enter() {
    $('#view-signin').hidden = true;
    $('#views-nav').hidden = false;
    $('#sign-out').hidden = false;
    loadRole();
    state.agentNamesLoaded = loadAgentNames();
    state.agentNamesLoaded.catch(() => {}); // a session that ended signs out; nobody may be awaiting the names yet
    loadFilterChoices();
    route(false);
  }

  /** The caller's role decides which added views the navigation offers; the API enforces it either way. */
  async function loadRole() {
    try {
      state.role = (await api('/v1/me')).role;
    } catch (e) {
      state.role = null;
      if (!(e instanceof SignedOut)) console.debug('no role from /v1/me: ' + e.message);
    }
    updateLinks();
  }

  function allows(role) {
    return ROLES.indexOf(state.role) >= ROLES.indexOf(role || 'viewer');
  }

  // ---------------------------------------------------------------- names from the registry

  /** Agents' registered names (GET /v1/agents, every page up to 10 000 agents); a failed read leaves ids. */
  async function loadAgentNames() {
    const names = new Map();
    try {
      let cursor = null;
      for (let page = 0; page < 10; page++) {
        const p = new URLSearchParams({ limit: '1000' });
        if (cursor) p.set('cursor', cursor);
        const answer = await api('/v1/agents', p);
        for (const a of answer.items) if (a.name) names.set(a.id, a.name);
        cursor = answer.next_cursor;
        if (!cursor) break;
      }
    } catch (e) {
      if (e instanceof SignedOut) throw e;
      console.warn('agent names unavailable', e);
    }
    state.agentNames = names;
    relabelAgentOptions();
    return names;
  }

  const agentName = (id) => (id && state.agentNames.get(id)) || null;

  /** "Support bot (support-bot)" where a name is registered, else the id. */
  const agentLabel = (id) => agentName(id) ? agentName(id) + ' (' + id + ')' : id;

  /** Titles and source URLs of the given contents that are registered (GET /v1/contents?ids=…). */
  async function contentNames(ids) {
    const wanted = [...new Set(ids.filter((id) => id && !id.includes(',')))];
    const found = new Map();
    for (let i = 0; i < wanted.length; i += 100) {
      const answer = await api('/v1/contents', new URLSearchParams({ ids: wanted.slice(i, i + 100).join(',') }));
      for (const c of answer.items) found.set(c.id, c);
    }
    return found;
  }

  // ---------------------------------------------------------------- filters

  function readFilters() {
    const range = $('#f-range').value;
    let from;
    let to;
    const custom = range === 'custom' && $('#f-from').value && $('#f-to').value;
    if (custom) {
      from = localMidnight($('#f-from').value);
      to = localMidnight($('#f-to').value);
      to.setDate(to.getDate() + 1);
    } else {
      to = new Date();
      from = new Date(to.getTime() - Number(range === 'custom' ? 30 : range) * 86400000);
    }
    const metaKey = $('#f-meta-key').value.trim();
    return {
      range: custom ? 'custom' : (range === 'custom' ? '30' : range),
      fromDay: custom ? $('#f-from').value : '',
      toDay: custom ? $('#f-to').value : '',
      from: from.toISOString(),
      to: to.toISOString(),
      days: (to - from) / 86400000,
      agent: $('#f-agent').value,
      name: $('#f-name').value,
      metaKey: metaKey,
      metaValue: metaKey ? $('#f-meta-value').value : '',
    };
  }

  function localMidnight(isoDate) {
    const [y, m, d] = isoDate.split('-').map(Number);
    return new Date(y, m - 1, d);
  }

  function signature(filters) {
    return JSON.stringify(filters);
  }

  /** The applied filters as the hash's query string: only what differs from the defaults. */
  function filtersQuery(f) {
    const p = new URLSearchParams();
    if (f.range === 'custom') {
      p.set('from', f.fromDay);
      p.set('to', f.toDay);
    } else if (f.range !== '30') {
      p.set('range', f.range);
    }
    if (f.agent) p.set('agent', f.agent);
    if (f.name) p.set('name', f.name);
    if (f.metaKey) {
      p.set('meta_key', f.metaKey);
      p.set('meta_value', f.metaValue);
    }
    if (f.negativeFirst) p.set('negative_first', '1');
    return p;
  }

  /** Puts a hash's filters into the form (a shared link, a reload, the back button). */
  function formFromQuery(p) {
    $('#f-range').value = '30';
    $('#f-from').value = '';
    $('#f-to').value = '';
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (day.test(p.get('from') || '') && day.test(p.get('to') || '')) {
      $('#f-range').value = 'custom';
      $('#f-from').value = p.get('from');
      $('#f-to').value = p.get('to');
    } else if (p.get('range') && $('#f-range option[value="' + CSS.escape(p.get('range')) + '"]')) {
      $('#f-range').value = p.get('range');
    }
    $$('.custom-range').forEach((el) => { el.hidden = $('#f-range').value !== 'custom'; });
    selectValue($('#f-agent'), p.get('agent') || '', agentLabel);
    selectValue($('#f-name'), p.get('name') || '', (v) => v);
    $('#f-meta-key').value = p.get('meta_key') || '';
    $('#f-meta-value').value = p.get('meta_value') || '';
    $('#feed-negative-first').checked = p.get('negative_first') === '1';
  }

  /** Selects a value, adding it as an option first when the choices (loaded later) do not have it yet. */
  function selectValue(select, value, label) {
    if (value && !$$('option', select).some((o) => o.value === value)) select.append(h('option', { value }, label(value)));
    select.value = value;
  }

  function describeFilters(f) {
    const parts = [shortDate.format(new Date(f.from)) + ' to ' + shortDate.format(new Date(new Date(f.to).getTime() - 1))];
    if (f.agent) parts.push('agent ' + agentLabel(f.agent));
    if (f.name) parts.push('name ' + f.name);
    if (f.metaKey && f.metaValue) parts.push(f.metaKey + ' = ' + f.metaValue);
    return parts.join(' · ');
  }

  /** The stats API's filters: from, to, agent_id, name, one metadata.<key>. */
  function statsParams(f, extra) {
    const p = new URLSearchParams();
    p.set('from', f.from);
    p.set('to', f.to);
    if (f.agent) p.set('agent_id', f.agent);
    if (f.name) p.set('name', f.name);
    if (f.metaKey && f.metaValue) p.set('metadata.' + f.metaKey, f.metaValue);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  /** The listing's and export's filters: the same, with created_from / created_to. */
  function listParams(f, extra) {
    const p = new URLSearchParams();
    p.set('created_from', f.from);
    p.set('created_to', f.to);
    if (f.agent) p.set('agent_id', f.agent);
    if (f.name) p.set('name', f.name);
    if (f.metaKey && f.metaValue) p.set('metadata.' + f.metaKey, f.metaValue);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  /** Agents and names seen in the last year, for the two selects. */
  async function loadFilterChoices() {
    const year = { from: new Date(Date.now() - 366 * 86400000).toISOString(), to: new Date().toISOString() };
    await guarded(async () => {
      const [agents, names] = await Promise.all([
        api('/v1/stats', new URLSearchParams({ ...year, group_by: 'agent_id' })),
        api('/v1/stats', new URLSearchParams({ ...year, group_by: 'name' })),
      ]);
      await state.agentNamesLoaded;
      fillSelect($('#f-agent'), agents.groups.map((g) => g.key.agent_id).filter(Boolean), 'All agents', agentLabel);
      fillSelect($('#f-name'), names.groups.map((g) => g.key.name).filter(Boolean), 'All names', (v) => v);
    });
  }

  /** Replaces a select's choices; the chosen value stays chosen even when the new choices lack it (a shared link). */
  function fillSelect(select, values, allLabel, label) {
    const current = select.value;
    const all = [...new Set(current ? values.concat(current) : values)].sort((a, b) => label(a).localeCompare(label(b)));
    clear(select).append(h('option', { value: '' }, allLabel));
    for (const v of all) select.append(h('option', { value: v }, label(v)));
    select.value = current;
  }

  function relabelAgentOptions() {
    for (const o of $$('#f-agent option')) if (o.value) o.textContent = agentLabel(o.value);
  }

  let suggestTimer = null;
  function suggestMetadataValues(keyInput, datalist) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => guarded(async () => {
      const k = keyInput.value.trim();
      clear(datalist);
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(k) || !signedIn()) return;
      const f = state.filters || readFilters();
      const stats = await api('/v1/stats', new URLSearchParams({ from: f.from, to: f.to, group_by: 'metadata.' + k }));
      for (const g of stats.groups) datalist.append(h('option', { value: g.key['metadata.' + k] }));
    }), 300);
  }

  // ---------------------------------------------------------------- routing

  /** #view?filters: the view, and the filters when they differ from those applied (a link, reload or back). */
  function parseHash() {
    const raw = location.hash.replace(/^#/, '');
    const at = raw.indexOf('?');
    const wanted = at < 0 ? raw : raw.slice(0, at);
    return { view: views().includes(wanted) ? wanted : 'overview', query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
  }

  function route(moveFocus) {
    if (!signedIn()) {
      showSignIn();
      return;
    }
    const { view, query } = parseHash();
    const ownQuery = addedViews.has(view) && !addedViews.get(view).filters; // the query is the view's, not filters
    const filterQuery = ownQuery ? '' : withoutCompare(query).toString();
    if (state.filters === null || (!ownQuery && filterQuery !== state.query)) {
      formFromQuery(ownQuery ? new URLSearchParams() : query);
      state.filters = readFilters();
      state.query = filterQuery;
    }
    state.view = view;
    for (const v of views()) $('#view-' + v).hidden = v !== view;
    $('#filters').hidden = addedViews.has(view) && !addedViews.get(view).filters;
    updateLinks();
    document.title = link(view) + ' · Feedback Hub';
    if (moveFocus) {
      const heading = $('#view-' + view + ' h1');
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
    if (view === 'compare') compareFromQuery(query);
    load(view, addedViews.has(view), query);
  }

  function withoutCompare(query) {
    const p = new URLSearchParams(query);
    for (const k of COMPARE_PARAMS) p.delete(k);
    return p;
  }

  /** The navigation links carry the applied filters, so each view opens with them (and can be shared). */
  function updateLinks() {
    for (const a of $$('#views-nav a')) {
      const added = addedViews.get(a.dataset.view);
      a.setAttribute('href', '#' + a.dataset.view + (state.query && (!added || added.filters) ? '?' + state.query : ''));
      a.parentElement.hidden = Boolean(added) && !allows(added.role);
      if (a.dataset.view === state.view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  /** Writes the applied filters (and extra, e.g. the comparison) into the hash without reloading anything. */
  function writeHash(extra) {
    const p = filtersQuery({ ...state.filters, negativeFirst: $('#feed-negative-first').checked });
    state.query = p.toString();
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    const hash = '#' + state.view + (p.toString() ? '?' + p.toString() : '');
    if (location.hash !== hash) history.pushState(null, '', hash);
    updateLinks();
  }

  function link(view) {
    if (addedViews.has(view)) return addedViews.get(view).label;
    return view.charAt(0).toUpperCase() + view.slice(1);
  }

  /**
   * Loads a view for the applied filters. The loader gets isCurrent(): false once a newer load of this view started
   * or the filters changed, so that nothing it renders afterwards can come from an earlier filter. It answers true
   * when every part succeeded; only then is the view remembered as loaded.
   */
  function load(view, force, query) {
    const sig = signature(state.filters);
    if (!force && state.loaded[view] === sig) return;
    delete state.loaded[view];
    const generation = state.generations[view] = (state.generations[view] || 0) + 1;
    const isCurrent = () => state.generations[view] === generation && signature(state.filters) === sig && signedIn();
    const loaders = { overview: loadOverview, breakdowns: loadBreakdowns, compare: async () => true, feed: (c) => loadFeed(true, c), export: async () => true };
    const loader = addedViews.has(view) ? (c) => addedViews.get(view).load(c, query || parseHash().query) : loaders[view];
    status('Loading…');
    guarded(async () => {
      const complete = await loader(isCurrent);
      if (!isCurrent()) return;
      if (complete) state.loaded[view] = sig;
      status('');
    });
  }

  /** A part of a view that could not load: its error where its numbers would be, and nothing else there. */
  function failedHere(el, e, what) {
    if (e instanceof SignedOut) throw e;
    if (!(e instanceof ApiError)) console.error(e);
    clear(el).append(h('p', { class: 'problem load-error', role: 'alert' },
      (what ? what + ' could not be loaded: ' : '') + (e instanceof ApiError ? e.message : 'something went wrong: ' + e.message)));
  }

  /** An answer for an earlier filter or load arrived after a newer one started: it is not shown. */
  function dropped(view, part) {
    console.debug('dropped a late answer of an earlier filter: ' + view + (part ? ' ' + part : ''));
    return false;
  }

  function loading(el) {
    clear(el).append(h('p', { class: 'meta' }, 'Loading…'));
  }

  // ---------------------------------------------------------------- overview

  async function loadOverview(isCurrent) {
    const f = state.filters;
    const bucket = f.days <= 120 ? 'day' : 'week';
    $('#overview-scope').textContent = describeFilters(f);
    for (const el of [$('#overview-cards'), $('#trend-chart'), $('#trend-table'), $('#overview-reasons'), $('#overview-notes')]) clear(el);
    loading($('#overview-cards'));
    let stats;
    try {
      stats = await api('/v1/stats', statsParams(f, { group_by: bucket, tz: zone }));
    } catch (e) {
      if (!isCurrent()) return dropped('overview');
      failedHere($('#overview-cards'), e, 'The overview');
      return false;
    }
    if (!isCurrent()) return dropped('overview');
    renderCards(stats.overall);
    const series = bucket === 'day' ? fillDays(stats.groups, f) : stats.groups.map((g) => ({ key: g.key.week, group: g }));
    renderTrend(series, bucket);
    renderReasons($('#overview-reasons'), stats.overall.top_reasons);
    const notes = clear($('#overview-notes'));
    for (const note of stats.notes || []) notes.append(h('p', {}, note));
    return true;
  }

  function renderCards(o) {
    const pr = o.positive_rate;
    const cards = [
      ['Feedback', count(o.total), o.unlabeled ? count(o.unlabeled) + ' without a label' : 'in this range'],
      ['Positive rate', percent(pr.rate), pr.rated ? '95 % interval ' + interval(pr.low, pr.high) : 'nothing rated yet'],
      ['Positive / negative', count(pr.positive) + ' / ' + count(pr.negative), count(pr.rated) + ' rated'],
      ['Mean score', o.score.mean === null ? '–' : o.score.mean.toFixed(2),
        o.score.count ? count(o.score.count) + ' scores' + (o.score.low !== null ? ', 95 % ' + o.score.low.toFixed(2) + ' – ' + o.score.high.toFixed(2) : '') : 'no scores'],
      ['Comments', count(o.comments.count), o.comments.share === null ? '' : percent(o.comments.share, 0) + ' of feedback'],
    ];
    const el = clear($('#overview-cards'));
    for (const [label, value, detailText] of cards) {
      el.append(h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value),
        h('div', { class: 'detail' }, detailText)));
    }
  }

  /** One point per local day in the range, zero where the API has no group. */
  function fillDays(groups, f) {
    const byDay = new Map(groups.map((g) => [g.key.day, g]));
    const out = [];
    const day = new Date(f.from);
    day.setHours(0, 0, 0, 0);
    const end = new Date(f.to);
    for (let i = 0; day < end && i < 400; i++) {
      const k = isoDay(day);
      out.push({ key: k, group: byDay.get(k) || null });
      day.setDate(day.getDate() + 1);
    }
    return out;
  }

  function isoDay(d) {
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  function dayLabel(k) {
    return shortDate.format(localMidnight(k));
  }

  /** Volume bars (left axis) under the positive rate line (right axis, 0-100 %) and its Wilson 95 % band. */
  function renderTrend(series, bucket) {
    const W = 960, H = 310, L = 52, R = 52, T = 28, B = 44;
    const plotW = W - L - R, plotH = H - T - B;
    const n = Math.max(series.length, 1);
    const step = plotW / n;
    const volumes = series.map((s) => s.group ? s.group.total : 0);
    const maxVolume = niceMax(Math.max(1, ...volumes));
    const x = (i) => L + step * i + step / 2;
    const yVolume = (v) => T + plotH - (v / maxVolume) * plotH;
    const yRate = (r) => T + plotH - r * plotH;

    const rated = series.filter((s) => s.group && s.group.positive_rate.rated > 0);
    const total = volumes.reduce((a, b) => a + b, 0);
    const titleId = 'trend-svg-title', descId = 'trend-svg-desc';
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId + ' ' + descId });
    chart.append(svg('title', { id: titleId }, 'Feedback volume and positive rate per ' + bucket));
    chart.append(svg('desc', { id: descId }, series.length + ' ' + bucket + 's, ' + count(total) + ' feedback in all. '
      + (rated.length ? 'Positive rate ranges from ' + percent(Math.min(...rated.map((s) => s.group.positive_rate.rate)))
        + ' to ' + percent(Math.max(...rated.map((s) => s.group.positive_rate.rate))) + '.' : 'Nothing was rated.')
      + ' The table below the chart lists every value.'));

    // grid and axes
    const grid = svg('g', { class: 'grid' });
    const axis = svg('g', { class: 'axis' });
    for (const r of [0, 0.25, 0.5, 0.75, 1]) {
      grid.append(svg('line', { x1: L, x2: W - R, y1: yRate(r), y2: yRate(r) }));
      axis.append(svg('text', { x: W - R + 6, y: yRate(r) + 4 }, Math.round(r * 100) + ' %'));
      if (r * 2 === Math.round(r * 2)) {
        axis.append(svg('text', { x: L - 6, y: yRate(r) + 4, 'text-anchor': 'end' }, count(Math.round(maxVolume * r))));
      }
    }
    axis.append(svg('text', { x: 4, y: 11 }, 'feedback'));
    axis.append(svg('text', { x: W - 4, y: 11, 'text-anchor': 'end' }, 'positive rate'));
    const every = Math.max(1, Math.ceil(n / 12));
    series.forEach((s, i) => {
      if (i % every === 0) {
        axis.append(svg('text', { x: x(i), y: H - B + 18, 'text-anchor': 'middle' }, bucket === 'day' || bucket === 'week' ? dayLabel(s.key) : s.key));
      }
    });
    chart.append(grid, axis);

    // bars
    const bars = svg('g', {});
    series.forEach((s, i) => {
      const v = volumes[i];
      if (v === 0) return;
      const barW = Math.max(2, step * 0.7);
      const rect = svg('rect', { class: 'bar', x: x(i) - barW / 2, y: yVolume(v), width: barW, height: T + plotH - yVolume(v) });
      rect.append(svg('title', {}, dayLabel(s.key) + ': ' + count(v) + ' feedback'
        + (s.group.positive_rate.rated ? ', ' + percent(s.group.positive_rate.rate) + ' positive' : '')));
      bars.append(rect);
    });
    chart.append(bars);

    // band and line, broken where a bucket has nothing rated
    const segments = [];
    let segment = [];
    series.forEach((s, i) => {
      if (s.group && s.group.positive_rate.rated > 0) segment.push({ i, pr: s.group.positive_rate });
      else if (segment.length) { segments.push(segment); segment = []; }
    });
    if (segment.length) segments.push(segment);
    for (const seg of segments) {
      const upper = seg.map((p) => `${x(p.i)},${yRate(p.pr.high)}`);
      const lower = seg.slice().reverse().map((p) => `${x(p.i)},${yRate(p.pr.low)}`);
      if (seg.length === 1) {
        const p = seg[0];
        chart.append(svg('rect', { class: 'band', x: x(p.i) - 4, y: yRate(p.pr.high), width: 8, height: yRate(p.pr.low) - yRate(p.pr.high) }));
      } else {
        chart.append(svg('polygon', { class: 'band', points: upper.concat(lower).join(' ') }));
      }
      chart.append(svg('polyline', { class: 'rate', points: seg.map((p) => `${x(p.i)},${yRate(p.pr.rate)}`).join(' ') }));
      for (const p of seg) chart.append(svg('circle', { class: 'rate-dot', cx: x(p.i), cy: yRate(p.pr.rate), r: 3 }));
    }

    // legend
    const legend = svg('g', { class: 'legend', transform: `translate(${L}, ${H - 12})` });
    legend.append(svg('rect', { class: 'bar', x: 0, y: -9, width: 14, height: 10 }), svg('text', { x: 20, y: 0 }, 'feedback volume'));
    legend.append(svg('line', { class: 'rate', x1: 140, x2: 160, y1: -4, y2: -4 }), svg('text', { x: 166, y: 0 }, 'positive rate'));
    legend.append(svg('rect', { class: 'band', x: 270, y: -9, width: 14, height: 10 }), svg('text', { x: 290, y: 0 }, '95 % interval (Wilson)'));
    chart.append(legend);

    clear($('#trend-chart')).append(series.length ? chart : h('p', { class: 'empty' }, 'No feedback in this range.'));
    renderTrendTable(series, bucket);
  }

  function niceMax(v) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= v) return m * magnitude;
    return 10 * magnitude;
  }

  function renderTrendTable(series, bucket) {
    const rows = series.filter((s) => s.group).map((s) => {
      const pr = s.group.positive_rate;
      return h('tr', {}, h('td', {}, s.key), h('td', { class: 'num' }, count(s.group.total)),
        h('td', { class: 'num' }, percent(pr.rate)), h('td', { class: 'num' }, pr.rated ? interval(pr.low, pr.high) : '–'));
    });
    clear($('#trend-table')).append(rows.length
      ? h('table', {}, h('caption', { class: 'visually-hidden' }, 'Feedback per ' + bucket),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, bucket), h('th', { scope: 'col', class: 'num' }, 'feedback'),
          h('th', { scope: 'col', class: 'num' }, 'positive rate'), h('th', { scope: 'col', class: 'num' }, '95 % interval'))),
        h('tbody', {}, rows))
      : h('p', { class: 'empty' }, 'No data.'));
  }

  function renderReasons(el, reasons) {
    clear(el);
    if (reasons === null || reasons === undefined) {
      el.append(h('p', { class: 'empty' }, 'Reasons are not counted for this combination of filters (see the note below).'));
      return;
    }
    if (!reasons.length) {
      el.append(h('p', { class: 'empty' }, 'No reasons given in this range.'));
      return;
    }
    el.append(h('ul', { class: 'reasons' }, reasons.map((r) => h('li', { class: 'chip' }, r.reason + ' · ' + count(r.count)))));
  }

  // ---------------------------------------------------------------- breakdowns

  const BREAKDOWNS = [
    ['agent_id', 'Agent'],
    ['reason', 'Reason'],
    ['source_surface', 'Surface'],
    ['content_id', 'Content'],
  ];

  /** Each table is its own sub-query: cleared first, filled by its own answer, or showing its own error. */
  async function loadBreakdowns(isCurrent) {
    const f = state.filters;
    $('#breakdowns-scope').textContent = describeFilters(f);
    for (const [dim] of BREAKDOWNS) loading($('#by-' + dim));
    const parts = await Promise.all(BREAKDOWNS.map(async ([dim, title]) => {
      const el = $('#by-' + dim);
      try {
        const stats = await api('/v1/stats', statsParams(f, { group_by: dim }));
        const names = await groupNames(dim, stats.groups);
        if (!isCurrent()) return dropped('breakdowns', dim);
        renderBreakdown(el, dim, title, stats, names);
        return true;
      } catch (e) {
        if (!isCurrent()) return dropped('breakdowns', dim);
        failedHere(el, e, 'The table by ' + title.toLowerCase());
        return false;
      }
    }));
    return parts.every(Boolean);
  }

  /** id -> {name, url} for the groups whose id has a registered name (agents, contents); a failed lookup names none. */
  async function groupNames(dim, groups) {
    const ids = groups.map((g) => g.key[dim]).filter(Boolean);
    const names = new Map();
    try {
      if (dim === 'agent_id') {
        await state.agentNamesLoaded;
        for (const id of ids) if (agentName(id)) names.set(id, { name: agentName(id) });
      } else if (dim === 'content_id' && ids.length) {
        for (const [id, c] of await contentNames(ids)) if (c.title) names.set(id, { name: c.title, url: c.source_url });
      }
    } catch (e) {
      if (e instanceof SignedOut) throw e;
      console.warn('names unavailable for ' + dim, e);
    }
    return names;
  }

  /** The sortable columns: header text, numeric class, and the value a row sorts by (null sorts last). */
  const COLUMNS = [
    { id: 'key', numeric: false },
    { id: 'total', title: 'feedback', numeric: true, value: (g) => g.total },
    { id: 'rate', title: 'positive', numeric: true, value: (g) => g.positive_rate.rate },
    { id: 'low', title: '95 % interval', numeric: false, value: (g) => g.positive_rate.rated ? g.positive_rate.low : null,
      hint: 'sorted by its lower bound' },
    { id: 'negative', title: 'negative', numeric: true, value: (g) => g.positive_rate.negative },
  ];

  function renderBreakdown(el, dim, title, stats, names) {
    clear(el);
    const label = (g) => { const k = g.key[dim]; return names.has(k) ? names.get(k).name : orNone(k); };
    const groups = stats.groups.slice();
    if (!groups.length) {
      el.append(h('p', { class: 'empty' }, 'No feedback with a ' + title.toLowerCase() + ' in this range.'));
      for (const note of stats.notes || []) el.append(h('p', { class: 'notes' }, note));
      return;
    }
    const sort = state.sort[dim] || (state.sort[dim] = { column: 'total', descending: true });
    const shown = 12;
    const tbody = h('tbody', {});
    const headRow = h('tr', {});
    const more = groups.length > shown ? h('button', { type: 'button', class: 'quiet' }, 'Show all ' + groups.length) : null;

    const row = (g) => {
      const pr = g.positive_rate;
      const k = g.key[dim];
      const named = names.get(k);
      const keyCell = h('th', { scope: 'row', class: 'key' });
      if (named) {
        const url = named.url && /^https?:\/\//i.test(named.url) ? named.url : null;
        keyCell.append(url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, named.name) : h('span', {}, named.name),
          h('span', { class: 'id' }, k));
      } else {
        keyCell.append(orNone(k));
      }
      if (dim === 'agent_id' && k) {
        keyCell.append(h('a', { class: 'id', href: '#feed?' + filtersQuery({ ...state.filters, agent: k }), 'aria-label': 'Ratings of ' + label(g) + ', one by one' }, 'ratings'));
      }
      return h('tr', {}, keyCell,
        h('td', { class: 'num' }, count(g.total)),
        h('td', { class: 'num' }, percent(pr.rate)),
        h('td', { class: 'ci' }, ciBar(pr)),
        h('td', { class: 'num' }, count(pr.negative)));
    };

    const fill = () => {
      const column = COLUMNS.find((c) => c.id === sort.column);
      const sign = sort.descending ? -1 : 1;
      groups.sort((a, b) => {
        if (column.id === 'key') return sign * label(a).localeCompare(label(b), 'en', { numeric: true });
        const x = column.value(a), y = column.value(b);
        if (x === null || x === undefined) return (y === null || y === undefined) ? b.total - a.total : 1;
        if (y === null || y === undefined) return -1;
        return sign * (x - y) || b.total - a.total;
      });
      clear(tbody);
      groups.slice(0, state.expanded[dim] ? groups.length : shown).forEach((g) => tbody.append(row(g)));
      for (const th of headRow.children) {
        const active = th.dataset.column === sort.column;
        if (active) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
        else th.removeAttribute('aria-sort');
        th.querySelector('.sort-mark').textContent = active ? (sort.descending ? ' ▼' : ' ▲') : '';
      }
      if (more) more.hidden = Boolean(state.expanded[dim]);
    };

    for (const column of COLUMNS) {
      const text = column.id === 'key' ? title : column.title;
      const button = h('button', { type: 'button', class: 'sort', title: 'Sort by ' + text + (column.hint ? ' (' + column.hint + ')' : '') },
        text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
      button.addEventListener('click', () => {
        if (sort.column === column.id) sort.descending = !sort.descending;
        else { sort.column = column.id; sort.descending = column.id !== 'key'; }
        fill();
      });
      headRow.append(h('th', { scope: 'col', class: column.numeric ? 'num' : null, 'data-column': column.id }, button));
    }
    el.append(h('div', { class: 'table-scroll' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Feedback by ' + title.toLowerCase() + '; the column headers sort the table'),
      h('thead', {}, headRow),
      tbody)));
    if (more) {
      more.addEventListener('click', () => {
        state.expanded[dim] = true;
        fill();
      });
      el.append(more);
    }
    fill();
    for (const note of stats.notes || []) el.append(h('p', { class: 'notes' }, note));
  }

  /** The interval as a bar on 0-100 %, with its numbers for screen readers. */
  function ciBar(pr) {
    if (!pr.rated) return h('span', { class: 'meta' }, 'nothing rated');
    const w = 144;
    return svg('svg', { class: 'ci-bar', viewBox: `0 0 ${w} 14`, role: 'img', 'aria-label': '95 % interval ' + interval(pr.low, pr.high) },
      svg('rect', { class: 'track', x: 0, y: 4, width: w, height: 6, rx: 3 }),
      svg('rect', { class: 'range', x: pr.low * w, y: 3, width: Math.max(2, (pr.high - pr.low) * w), height: 8, rx: 3 }),
      svg('circle', { class: 'point', cx: pr.rate * w, cy: 7, r: 4 }),
      svg('title', {}, interval(pr.low, pr.high)));
  }

  // ---------------------------------------------------------------- compare

  function compareDimensionChanged() {
    const dimension = $('#c-dimension').value;
    $('#c-key-field').hidden = dimension !== 'metadata';
    for (const el of $$('.c-values')) el.hidden = dimension === 'period';
    suggestCompareValues();
  }

  function suggestCompareValues() {
    const dimension = $('#c-dimension').value;
    if (dimension === 'metadata') {
      suggestMetadataValues($('#c-key'), $('#compare-suggestions'));
      return;
    }
    const list = clear($('#compare-suggestions'));
    if (dimension === 'period' || !signedIn()) return;
    guarded(async () => {
      const f = state.filters || readFilters();
      const stats = await api('/v1/stats', new URLSearchParams({ from: f.from, to: f.to, group_by: dimension }));
      for (const g of stats.groups) if (g.key[dimension]) list.append(h('option', { value: g.key[dimension] }));
    });
  }

  const COMPARE_PARAMS = ['compare_by', 'compare_key', 'a', 'b'];

  /** A shared or reloaded #compare link with a comparison in it runs that comparison again. */
  function compareFromQuery(query) {
    if (!query.get('compare_by')) {
      // a comparison on the page was made under other filters (changed on another view): make it again
      if (state.compareRun && state.compareFilters !== signature(state.filters)) runCompare();
      return;
    }
    const run = query.toString();
    if (state.compareRun === run) return;
    const dimension = query.get('compare_by');
    if (!$('#c-dimension option[value="' + CSS.escape(dimension) + '"]')) return;
    $('#c-dimension').value = dimension;
    $('#c-key').value = query.get('compare_key') || '';
    $('#c-a').value = query.get('a') || '';
    $('#c-b').value = query.get('b') || '';
    compareDimensionChanged();
    runCompare();
  }

  function compare(event) {
    event.preventDefault();
    state.filters = readFilters();
    runCompare();
  }

  async function runCompare() {
    const f = state.filters;
    const dimension = $('#c-dimension').value;
    const a = $('#c-a').value.trim();
    const b = $('#c-b').value.trim();
    const k = $('#c-key').value.trim();
    const result = clear($('#compare-result'));
    const p = new URLSearchParams();
    const note = [];
    if (dimension === 'period') {
      const from = new Date(f.from), to = new Date(f.to);
      const length = to - from;
      p.set('a.from', new Date(from.getTime() - length).toISOString());
      p.set('a.to', from.toISOString());
      p.set('b.from', from.toISOString());
      p.set('b.to', to.toISOString());
    } else {
      if (!a || !b || (dimension === 'metadata' && !k)) {
        result.append(h('p', { class: 'problem' }, 'Give both cohorts a value' + (dimension === 'metadata' ? ' and name the metadata key.' : '.')));
        (!a ? $('#c-a') : !b ? $('#c-b') : $('#c-key')).focus();
        return;
      }
      p.set('from', f.from);
      p.set('to', f.to);
      const param = dimension === 'metadata' ? 'metadata.' + k : dimension;
      p.set('a.' + param, a);
      p.set('b.' + param, b);
    }
    if (f.agent && dimension !== 'agent_id') p.set('agent_id', f.agent);
    if (f.name && dimension !== 'name') p.set('name', f.name);
    const shared = { compare_by: dimension };
    if (dimension === 'metadata') shared.compare_key = k;
    if (dimension !== 'period') Object.assign(shared, { a, b });
    writeHash(shared);
    state.compareRun = parseHash().query.toString();
    state.compareFilters = signature(f);
    const generation = ++state.comparisons;
    if (f.metaKey && f.metaValue) {
      if (dimension === 'metadata' && f.metaKey !== k) note.push('The metadata filter ' + f.metaKey + ' = ' + f.metaValue
        + ' is left out: a cohort reads one metadata key at a time.');
      else if (dimension !== 'metadata') p.set('metadata.' + f.metaKey, f.metaValue);
    }
    status('Comparing…');
    result.append(h('p', { class: 'meta' }, 'Comparing…'));
    try {
      const c = await api('/v1/stats/compare', p);
      if (state.comparisons !== generation) return;
      clear(result);
      const label = (v) => dimension === 'agent_id' ? agentLabel(v) : v;
      const feed = (v) => ({ agent_id: { agent: v }, name: { name: v }, metadata: { metaKey: k, metaValue: v } })[dimension];
      const links = [a, b].map((v) => feed(v) ? '#feed?' + filtersQuery({ ...f, ...feed(v) }) : null);
      renderComparison(result, c, dimension === 'period' ? ['previous period', 'this period'] : [label(a), label(b)], note, links);
    } catch (e) {
      if (e instanceof SignedOut || state.comparisons !== generation) return;
      failedHere(result, e, 'The comparison');
    } finally {
      if (state.comparisons === generation) status('');
    }
  }

  function renderComparison(el, c, names, notes, links = []) {
    const conclusion = c.positive_rate.conclusion;
    const tone = conclusion === 'b_higher' ? 'better' : conclusion === 'a_higher' ? 'worse' : '';
    el.append(h('section', { class: 'panel', 'aria-labelledby': 'verdict-title' },
      h('h2', { id: 'verdict-title' }, 'Verdict'),
      h('p', { class: 'verdict ' + tone }, c.verdict),
      differenceChart(c.positive_rate),
      h('p', { class: 'meta' }, 'Difference B − A: ' + points(c.positive_rate.difference)
        + (c.positive_rate.low !== null ? ' (95 % interval ' + points(c.positive_rate.low) + ' to ' + points(c.positive_rate.high) + ')' : '')
        + (c.positive_rate.p_value !== null ? ', ' + pValue(c.positive_rate.p_value) : '')
        + (c.positive_rate.minimum_detectable_effect !== null
          ? '; these sample sizes could detect about ' + points(c.positive_rate.minimum_detectable_effect).replace('+', '') : ''))));
    el.append(h('div', { class: 'cohorts' }, cohortCard('A', names[0], c.a, links[0]), cohortCard('B', names[1], c.b, links[1])));
    for (const n of notes) el.append(h('p', { class: 'notes' }, n));
  }

  function pValue(p) {
    return p < 0.0001 ? 'p < 0.0001' : 'p = ' + p.toPrecision(2);
  }

  function cohortCard(letter, name, s, feedLink) {
    const pr = s.positive_rate;
    return h('section', { class: 'panel', 'aria-label': 'Cohort ' + letter },
      h('h2', {}, 'Cohort ' + letter + ': ' + name),
      h('div', { class: 'card-row' },
        h('p', {}, h('strong', {}, percent(pr.rate)), ' positive (' + count(pr.positive) + ' of ' + count(pr.rated) + ' rated)'),
        h('p', { class: 'meta' }, '95 % interval ' + interval(pr.low, pr.high)),
        ciBar(pr),
        h('p', { class: 'meta' }, count(s.total) + ' feedback · mean score ' + (s.score.mean === null ? '–' : s.score.mean.toFixed(2))),
        feedLink ? h('p', {}, h('a', { href: feedLink }, 'Cohort ' + letter + "'s ratings, one by one")) : null));
  }

  /** B − A and its interval against zero, on a symmetric axis. */
  function differenceChart(r) {
    if (r.difference === null) return null;
    const W = 600, H = 56, M = 30;
    const extent = Math.max(0.05, Math.abs(r.low), Math.abs(r.high), Math.abs(r.difference)) * 1.1;
    const x = (d) => M + ((d + extent) / (2 * extent)) * (W - 2 * M);
    return h('div', { class: 'chart diff' }, svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': 'Difference in positive rate, B minus A: ' + points(r.difference) + ', 95 % interval ' + points(r.low) + ' to ' + points(r.high) },
    svg('g', { class: 'grid' }, svg('line', { x1: x(0), x2: x(0), y1: 4, y2: H - 18 })),
    svg('g', { class: 'axis' },
      svg('text', { x: x(-extent), y: H - 4 }, points(-extent)),
      svg('text', { x: x(0), y: H - 4, 'text-anchor': 'middle' }, 'no difference'),
      svg('text', { x: x(extent), y: H - 4, 'text-anchor': 'end' }, points(extent))),
    svg('rect', { class: 'band', x: x(r.low), y: 12, width: Math.max(2, x(r.high) - x(r.low)), height: 16 }),
    svg('circle', { class: 'rate-dot', cx: x(r.difference), cy: 20, r: 6 })));
  }

  // ---------------------------------------------------------------- feed

  /**
   * Newest first. "Negative first" lists the negative feedback first, then everything else (skipping what was
   * already shown), so feedback without a value still appears. Negative is the server's polarity when the feedback
   * carries one (decided by its name's config: 1-2 of 5 stars, flagged, …); otherwise a negative label or a score
   * below 0.5. Polarity is not a listing filter, so the negatives are picked out of the listing, a bounded number of
   * pages per click.
   */
  async function loadFeed(reset, isCurrent) {
    const list = $('#feed-list');
    const negativeFirst = $('#feed-negative-first').checked;
    if (reset) {
      clear(list);
      $('#feed-problem').hidden = true;
      state.feed = { phase: negativeFirst ? 'negative' : 'all', cursor: null, seen: new Set(), current: isCurrent };
    }
    const current = state.feed.current;
    const more = $('#feed-more');
    more.disabled = true;
    more.hidden = true;
    $('#feed-empty').hidden = true;
    try {
      let added = 0;
      let scanned = 0;
      while (state.feed.phase) {
        const negatives = state.feed.phase === 'negative';
        const extra = { limit: String(negatives ? FEED_SCAN_PAGE : FEED_PAGE) };
        if (state.feed.cursor) extra.cursor = state.feed.cursor;
        const page = await api('/v1/feedback', listParams(state.filters, extra));
        if (!current()) return dropped('feed');
        for (const item of page.items) {
          if (state.feed.seen.has(item.id) || (negatives && tone(item) !== 'negative')) continue;
          state.feed.seen.add(item.id);
          list.append(h('li', {}, feedbackCard(item)));
          added++;
        }
        state.feed.cursor = page.next_cursor;
        if (!page.next_cursor) {
          state.feed.phase = negatives ? 'all' : null;
          state.feed.cursor = null;
        }
        scanned++;
        if (added >= FEED_PAGE || (added > 0 && !negatives) || (negatives && scanned >= FEED_SCAN_PAGES && added > 0)) break;
      }
      more.hidden = !state.feed.phase;
      $('#feed-empty').hidden = list.children.length > 0;
      return true;
    } catch (e) {
      if (!current()) return false;
      if (reset) clear(list);
      failedHere($('#feed-problem'), e, 'The feed');
      $('#feed-problem').hidden = false;
      more.hidden = !state.feed.phase;
      return false;
    } finally {
      more.disabled = false;
    }
  }

  /** 'positive', 'negative', 'neutral' or '': the server's polarity when present, else judged from label and score. */
  function tone(item) {
    if (item.polarity !== undefined) return item.polarity || '';
    return judgment(item)[0];
  }

  function judgment(item) {
    if (item.label === 'thumbs_up' || item.label === 'positive') return ['positive', '\u25B2', 'Thumbs up'];
    if (item.label === 'thumbs_down' || item.label === 'negative') return ['negative', '\u25BC', 'Thumbs down'];
    if (item.label === 'flagged') return ['negative', '\u2691', 'Flagged'];
    if (item.score !== null && item.score !== undefined) {
      return [item.score < 0.5 ? 'negative' : 'positive', '', (item.label ? item.label + ', ' : '') + 'score ' + item.score];
    }
    return ['', '', item.label || 'no value'];
  }

  function feedbackCard(item) {
    const [, icon, text] = judgment(item);
    const itemTone = tone(item);
    const detailsId = 'details-' + item.id;
    const toggle = h('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false', 'aria-controls': detailsId },
      'Answer and history');
    const details = h('div', { class: 'details', id: detailsId, hidden: true });
    toggle.addEventListener('click', () => toggleDetails(item, toggle, details));
    const facts = [when(item.created_at), item.agent_id && 'agent ' + (agentName(item.agent_id) || item.agent_id),
      item.author_id && 'by ' + item.author_id,
      item.source_surface && 'on ' + item.source_surface, item.name !== 'reaction' && 'name ' + item.name,
      item.revision > 1 && 'changed ' + (item.revision - 1) + '×'].filter(Boolean);
    // the answer judged, and its conversation (conversations.js): a feedback naming only a trace names the trace's root
    const target = item.message_id || item.trace_id;
    const answer = h('p', { class: 'answer-excerpt', hidden: true });
    if (target) {
      answerOf(target).then((m) => {
        if (!m || !m.content) return;
        answer.append(h('strong', {}, 'Answer: '), m.content.length > 240 ? m.content.slice(0, 240) + '…' : m.content);
        answer.hidden = false;
      });
    }
    const conversation = !addedViews.has('conversation') ? null
      : target ? '#conversation?message=' + encodeURIComponent(target)
        : item.thread_id ? '#conversation?thread=' + encodeURIComponent(item.thread_id) : null;
    return h('article', { class: itemTone, 'aria-label': text + ' on ' + target },
      h('header', {},
        h('span', { class: 'verdict-badge' }, icon ? h('span', { 'aria-hidden': 'true' }, icon + ' ') : null, text),
        h('span', { class: 'meta' }, facts.join(' · ')),
        toggle),
      answer,
      item.comment ? h('p', { class: 'comment' }, '“' + item.comment + '”') : null,
      item.reasons.length ? h('ul', { class: 'reasons', 'aria-label': 'Reasons' }, item.reasons.map((r) => h('li', { class: 'chip' }, r))) : null,
      item.correction ? h('p', { class: 'comment' }, h('strong', {}, 'Correction: '), item.correction) : null,
      conversation ? h('p', { class: 'meta' }, h('a', { href: conversation, 'aria-label': 'Open the conversation of ' + (target || item.thread_id) },
        'Open the conversation')) : null,
      details);
  }

  /** A registered message (null when there is none or it could not be read), read once per page for every card naming it. */
  const answers = new Map();
  function answerOf(id) {
    if (answers.size > 1000) answers.clear();
    if (!answers.has(id)) {
      answers.set(id, api('/v1/messages/' + encodeURIComponent(id), null, { allow404: true }).catch((e) => {
        answers.delete(id);
        if (!(e instanceof SignedOut)) console.warn('answer unavailable for ' + id, e);
        return null;
      }));
    }
    return answers.get(id);
  }

  async function toggleDetails(item, toggle, details) {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!open));
    details.hidden = open;
    if (open || details.dataset.loaded) return;
    details.dataset.loaded = 'yes';
    details.append(h('p', { class: 'meta' }, 'Loading…'));
    await guarded(async () => {
      const [message, history] = await Promise.all([
        item.message_id ? api('/v1/messages/' + encodeURIComponent(item.message_id), null, { allow404: true }) : null,
        api('/v1/feedback/' + encodeURIComponent(item.id) + '/history'),
      ]);
      clear(details);
      const dl = h('dl', {});
      const row = (term, value) => { if (value) dl.append(h('dt', {}, term), h('dd', {}, value)); };
      if (message) {
        row('Prompt', message.prompt);
        row('Answer', message.content);
        row('Model', message.model);
      } else {
        row('Message', (item.message_id || item.trace_id) + ' (not registered: PUT /v1/messages/{id} adds its prompt and answer)');
      }
      details.append(dl);
      details.append(h('h3', { class: 'meta' }, 'History (' + history.items.length + (history.items.length === 1 ? ' revision)' : ' revisions)')));
      details.append(h('ol', {}, history.items.map((r) => h('li', {},
        when(r.updated_at) + ': ' + (r.deleted ? 'removed' : judgment(r)[2])
        + (r.comment ? ' — “' + r.comment + '”' : '') + (r.reasons.length ? ' [' + r.reasons.join(', ') + ']' : '')))));
    });
  }

  // ---------------------------------------------------------------- export

  async function download(button) {
    const format = button.dataset.format;
    const out = $('#export-status');
    state.filters = readFilters();
    writeHash();
    button.disabled = true;
    out.textContent = 'Preparing the ' + format + ' export…';
    await guarded(async () => {
      const response = await api('/v1/export', listParams(state.filters, { format }), { raw: true });
      const blob = await response.blob();
      const disposition = response.headers.get('Content-Disposition') || '';
      const match = /filename="([^"]+)"/.exec(disposition);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: match ? match[1] : 'feedback-export.' + format });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      out.textContent = 'Downloaded ' + (match ? match[1] : format) + ' (' + count(blob.size) + ' bytes).';
    });
    if (!$('#error').hidden) out.textContent = 'The export failed; see the message at the top.';
    button.disabled = false;
  }

  // ---------------------------------------------------------------- wiring

  /** New filters: into the hash (shareable), every view stale, this one reloaded (a shown comparison re-run). */
  function applyFilters(event) {
    if (event) event.preventDefault();
    state.filters = readFilters();
    state.loaded = {};
    if (state.view === 'compare' && state.compareRun) {
      runCompare();
      return;
    }
    writeHash();
    load(state.view, true);
  }

  function start() {
    $('#signin-form').addEventListener('submit', signIn);
    $('#account-form').addEventListener('submit', signInWithAccount);
    $('#accept-form').addEventListener('submit', acceptInvitation);
    $('#sign-out').addEventListener('click', () => signOut('Signed out.'));
    $('#filters').addEventListener('submit', applyFilters);
    $('#filters').addEventListener('reset', () => setTimeout(() => {
      $$('.custom-range').forEach((el) => { el.hidden = true; });
      applyFilters();
    }, 0));
    $('#f-range').addEventListener('change', () => {
      const custom = $('#f-range').value === 'custom';
      $$('.custom-range').forEach((el) => { el.hidden = !custom; });
      if (custom && !$('#f-from').value) {
        $('#f-to').value = isoDay(new Date());
        $('#f-from').value = isoDay(new Date(Date.now() - 29 * 86400000));
      }
    });
    $('#f-meta-key').addEventListener('input', () => suggestMetadataValues($('#f-meta-key'), $('#meta-value-suggestions')));
    $('#compare-form').addEventListener('submit', compare);
    $('#c-dimension').addEventListener('change', compareDimensionChanged);
    $('#c-key').addEventListener('input', suggestCompareValues);
    $('#feed-negative-first').addEventListener('change', () => {
      writeHash();
      load('feed', true);
    });
    $('#feed-more').addEventListener('click', () => guarded(() => loadFeed(false)));
    for (const button of $$('.exports button')) button.addEventListener('click', () => download(button));
    window.addEventListener('hashchange', () => {
      if (location.hash.startsWith('#invitation=')) showAccept();
      else route(true);
    });
    compareDimensionChanged();
    if (location.hash.startsWith('#invitation=')) showAccept();
    else if (signedIn()) enter();
    else resumeSession().then((resumed) => (resumed ? enter() : showSignIn()));
  }

  // ---------------------------------------------------------------- the kit the dashboard's other scripts use

  /**
   * The dashboard's other scripts (listed in index.html after this one, each with its own sections there) add their
   * views here before the page starts: addView('people', {label: 'People', nav: 'manage', role: 'admin', load}).
   * load(isCurrent, query) fills #view-<name> for the hash's query and answers true when every part loaded; it is
   * called each time the view is opened. nav 'main' or 'manage' picks the navigation list; filters: true shows the
   * shared filters above the view; role is the least role the link is offered to (the API enforces roles anyway).
   */
  function addView(name, { label, nav = 'main', filters = false, role = 'viewer', load: loader }) {
    if (views().includes(name)) throw new Error('the dashboard already has a view ' + name);
    if (!$('#view-' + name)) throw new Error('index.html has no section #view-' + name);
    addedViews.set(name, { label, filters, role, load: loader });
    $(nav === 'manage' ? '#nav-manage' : '#nav-main').append(h('li', null, h('a', { href: '#' + name, 'data-view': name }, label)));
  }

  // The browser closes a dialog at once but fires its 'close' event later, so "Escape, then Enter on the same button"
  // can show the dialog again before the first close event arrives. One answer is pending at a time, and a close
  // event that arrives while the dialog is open again belongs to the earlier showing: it answers nothing.
  let answerConfirm = null;
  $('#confirm').addEventListener('close', (event) => {
    if (!event.target.open && answerConfirm) answerConfirm(event.target.returnValue === 'confirm');
  });

  /**
   * Asks before something that cannot be undone, in a modal <dialog>: the keyboard focus goes to Cancel, Escape
   * cancels, and the focus returns to where it was.
   */
  function confirmAction(text, confirmLabel) {
    const dialog = $('#confirm');
    if (answerConfirm) answerConfirm(!dialog.open && dialog.returnValue === 'confirm'); // its close event is still on its way
    const back = document.activeElement;
    $('#confirm-text').textContent = text;
    $('#confirm-ok').textContent = confirmLabel;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      answerConfirm = (confirmed) => {
        answerConfirm = null;
        if (back && back.isConnected) back.focus();
        resolve(confirmed);
      };
      dialog.showModal();
      $('#confirm-cancel').focus();
    });
  }

  window.FeedbackHubDashboard = Object.freeze({
    addView, h, svg, clear, $, $$, api, send, guarded, status, showError, failedHere, loading, interval, confirmAction,
    ApiError, SignedOut, feedbackCard, statsParams, listParams, describeFilters, judgment, tone, when, whenToTheSecond, contentNames,
    filters: () => state.filters,
    role: () => state.role,
    allows,
  });

  // Deferred scripts run in order before DOMContentLoaded, so every added view is known when the page starts.
  if (document.readyState === 'complete') start();
  else document.addEventListener('DOMContentLoaded', start);
})();
