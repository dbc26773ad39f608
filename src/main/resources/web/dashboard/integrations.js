// Feedback configs with a widget preview, alert rules, webhook endpoints with their deliveries (Manage navigation).
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';
  const kit = window.FeedbackHubDashboard;
  const { h, clear, $, $$, api, send, status, failedHere, loading, confirmAction, ApiError, SignedOut } = kit;
  const when = kit.whenToTheSecond;

  const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
  const DELIVERIES_SHOWN = 10;
  /** How long "Send test event" watches for the delivery's outcome (the first attempt is immediate). */
  const TEST_WATCH_MS = 30000;
  const TEST_POLL_MS = 500;

  // ---------------------------------------------------------------- shared by the pages

  /**
   * What the API accepts, read from its own OpenAPI document (/openapi.json, served without a key): the config kinds,
   * the event types an endpoint can subscribe to, an alert rule's comparisons. Read once per page load.
   */
  let vocabulary = null;
  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = fetch('/openapi.json', { cache: 'no-store', credentials: 'omit' })
        .then((r) => {
          if (!r.ok) throw new ApiError(r.status + ': the API document could not be read', r.status);
          return r.json();
        })
        .then((doc) => {
          const schemas = doc.components.schemas;
          return {
            configKinds: schemas.FeedbackConfigWrite.properties.type.enum,
            configHelp: schemas.FeedbackConfigWrite.description,
            events: schemas.WebhookEventType.enum,
            eventHelp: schemas.WebhookEventType.description,
            compares: schemas.AlertRuleWrite.properties.compare.enum,
          };
        })
        .catch((e) => {
          vocabulary = null; // the next visit tries again
          throw e instanceof ApiError ? e : new ApiError('the API document could not be read (' + e.message + ')');
        });
    }
    return vocabulary;
  }

  function options(select, values, selected) {
    clear(select);
    for (const v of values) select.append(h('option', { value: v, selected: v === selected }, v));
  }

  /**
   * Shows an API refusal in a form: each field error next to its field (the element #<prefix>-<field>-error, the
   * field's name up to its first [ ), the field marked aria-invalid; the rest, and errors without a field of the
   * form, in the form's problem line. The first field in error takes the focus.
   */
  function showRefusal(form, prefix, problemEl, e, fieldOf) {
    if (e instanceof SignedOut) return;
    clearRefusal(form, problemEl);
    const unplaced = [];
    let first = null;
    for (const error of (e instanceof ApiError && e.errors) || []) {
      const field = (fieldOf || ((f) => f))(String(error.field || '').replace(/\[.*$/, ''));
      const place = field && $('#' + prefix + '-' + field.replace(/\./g, '-') + '-error', form);
      if (!place) {
        unplaced.push((error.field ? error.field + ' ' : '') + error.message);
        continue;
      }
      place.textContent = (place.textContent ? place.textContent + ' ' : '') + error.message;
      const described = $('[aria-describedby~="' + place.id + '"]', form);
      // a group (the events, the filters) is described as a whole; its first field takes the focus
      const input = described && described.tagName === 'FIELDSET' ? $('input, select', described) : described;
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        if (!first) first = input;
      }
    }
    if (unplaced.length || !first) {
      problemEl.textContent = unplaced.length && e.errors.length ? 'Refused: ' + unplaced.join('; ')
        : (e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message);
    } else {
      problemEl.textContent = 'Refused: see the fields marked above.';
    }
    if (first) first.focus();
    if (!(e instanceof ApiError)) console.error(e);
  }

  function clearRefusal(form, problemEl) {
    for (const p of $$('.field-error', form)) p.textContent = '';
    for (const i of $$('[aria-invalid]', form)) i.removeAttribute('aria-invalid');
    problemEl.textContent = '';
  }

  /** Runs an action of a button with the button disabled meanwhile; its refusal goes to problemEl. */
  async function act(button, problemEl, work) {
    if (problemEl) problemEl.textContent = '';
    if (button) button.disabled = true;
    try {
      await work();
    } catch (e) {
      if (e instanceof SignedOut) return;
      if (problemEl) problemEl.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
      if (!(e instanceof ApiError)) console.error(e);
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }


  /** A table that scrolls sideways inside its panel on a phone, never the page. */
  function table(caption, headers, rows) {
    return h('div', { class: 'table-scroll' },
      h('table', { class: 'integrations-table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)));
  }

  // ---------------------------------------------------------------- feedback configs

  let editingConfig = null; // the name being edited, or null for a new config

  async function loadConfigs(isCurrent) {
    loading($('#configs-list'));
    try {
      const [words, configs] = await Promise.all([loadVocabulary(), api('/v1/feedback-configs')]);
      if (!isCurrent()) return false;
      const type = $('#config-type');
      options(type, words.configKinds, type.value || words.configKinds[0]);
      $('#config-type-help').textContent = words.configHelp;
      renderConfigs(configs.items);
      showConfigFields();
      await preview();
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#configs-list'), e, 'The configs');
      return false;
    }
  }

  function renderConfigs(items) {
    if (!items.length) {
      clear($('#configs-list')).append(h('p', { class: 'empty' }, 'No configs yet: every feedback name accepts any label, score or comment.'));
      return;
    }
    const rows = items.map((c) => {
      const edit = h('button', { type: 'button', class: 'quiet', 'aria-label': 'Edit ' + c.name }, 'Edit');
      edit.addEventListener('click', () => editConfig(c));
      return h('tr', { 'data-config': c.name },
        h('th', { scope: 'row', class: 'key' }, c.name),
        h('td', {}, c.type),
        h('td', {}, c.type === 'numeric' ? '[' + (c.min ?? '−∞') + ', ' + (c.max ?? '∞') + ']' : c.labels.join(', ') || '–'),
        h('td', {}, c.allowed_reasons.join(', ') || 'any'),
        h('td', {}, c.description || ''),
        h('td', {}, when(c.updated_at)),
        h('td', {}, edit));
    });
    clear($('#configs-list')).append(table('Feedback configs',
      ['Name', 'Kind', 'Labels or range', 'Allowed reasons', 'Description', 'Updated', ''], rows));
  }

  function editConfig(c) {
    editingConfig = c.name;
    $('#config-form-title').textContent = 'Edit ' + c.name;
    $('#config-name').value = c.name;
    $('#config-name').readOnly = true;
    $('#config-type').value = c.type;
    $('#config-labels').value = c.labels.join(', ');
    $('#config-min').value = c.min ?? '';
    $('#config-max').value = c.max ?? '';
    $('#config-reasons').value = c.allowed_reasons.join(', ');
    $('#config-description').value = c.description || '';
    clearRefusal($('#config-form'), $('#config-problem'));
    showConfigFields();
    preview();
    $('#config-type').focus();
  }

  function newConfig() {
    editingConfig = null;
    $('#config-form').reset();
    $('#config-name').readOnly = false;
    $('#config-form-title').textContent = 'New config';
    clearRefusal($('#config-form'), $('#config-problem'));
    showConfigFields();
    preview();
    $('#config-name').focus();
  }

  /** Labels matter for reaction and categorical configs, the range for numeric ones (the API ignores the rest). */
  function showConfigFields() {
    const type = $('#config-type').value;
    $('#config-labels-field').hidden = !(type === 'reaction' || type === 'categorical');
    $('#config-range-field').hidden = type !== 'numeric';
  }

  /** A number field: its number, null when empty, or the text itself so that the API names what is wrong. */
  function numberOrText(text) {
    const t = text.trim();
    if (!t) return null;
    return Number.isFinite(Number(t)) ? Number(t) : t;
  }

  function configBody() {
    const type = $('#config-type').value;
    const body = { type, allowed_reasons: list($('#config-reasons').value), description: $('#config-description').value.trim() || null };
    if (type === 'reaction' || type === 'categorical') body.labels = list($('#config-labels').value);
    if (type === 'numeric') {
      body.min = numberOrText($('#config-min').value);
      body.max = numberOrText($('#config-max').value);
    }
    return body;
  }

  async function saveConfig(event) {
    event.preventDefault();
    const form = $('#config-form');
    const problem = $('#config-problem');
    clearRefusal(form, problem);
    const name = $('#config-name').value.trim();
    if (!name) {
      $('#config-name-error').textContent = 'Enter the feedback name this config is for.';
      $('#config-name').setAttribute('aria-invalid', 'true');
      $('#config-name').focus();
      return;
    }
    const button = $('#config-save');
    button.disabled = true;
    try {
      const saved = await send('PUT', '/v1/feedback-configs/' + encodeURIComponent(name), configBody());
      status('Config ' + saved.name + ' saved.');
      renderConfigs((await api('/v1/feedback-configs')).items);
      editConfig(saved);
      button.focus();
    } catch (e) {
      showRefusal(form, 'config', problem, e);
    } finally {
      button.disabled = false;
    }
  }

  // The widget itself draws the preview: /widget.js defines <feedback-buttons>, and its preview attribute makes it
  // behave as configured without a hub. Loaded on first use; the page's CSP allows scripts of this origin.
  let widgetScript = null;
  function loadWidget() {
    if (window.customElements.get('feedback-buttons')) return Promise.resolve();
    if (!widgetScript) {
      widgetScript = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/widget.js';
        script.async = true;
        script.addEventListener('load', () => resolve());
        script.addEventListener('error', () => {
          widgetScript = null;
          reject(new Error('/widget.js did not load'));
        });
        document.head.append(script);
      });
    }
    return widgetScript;
  }

  /** What the widget sends (thumbs_up / thumbs_down with reasons and a comment) against what this config accepts. */
  function previewNotes(name, body) {
    const notes = [];
    const reasons = body.allowed_reasons;
    if (body.type === 'reaction') {
      const labels = body.labels.length ? body.labels : ['thumbs_up', 'thumbs_down', 'flagged'];
      const refused = ['thumbs_up', 'thumbs_down'].filter((l) => !labels.includes(l));
      if (refused.length) {
        notes.push({ bad: true, text: 'This config refuses ' + refused.join(' and ') + ', which the widget sends: its votes would fail (422). '
          + 'Add them to the labels, or collect these labels from your backend.' });
      } else {
        notes.push({ bad: false, text: 'The widget\'s thumbs_up and thumbs_down fit this config.' });
      }
    } else {
      notes.push({ bad: true, text: 'The widget sends thumbs_up / thumbs_down labels; a ' + body.type + ' config would refuse them (422). '
        + 'Collect ' + body.type + ' feedback for "' + (name || 'this name') + '" from your backend with POST /v1/feedback.' });
    }
    if (!reasons.length) {
      notes.push({ bad: false, text: 'No allowed reasons: the page chooses its chips with the reasons attribute, and any reason is accepted.' });
    } else if (reasons.some((r) => r.includes(','))) {
      notes.push({ bad: true, text: 'A reason with a comma cannot be a chip: the widget\'s reasons attribute is comma-separated.' });
    } else if (reasons.length > 20) {
      notes.push({ bad: true, text: 'The widget shows the first 20 reasons as chips; this config allows ' + reasons.length + '.' });
    }
    return notes;
  }

  async function preview() {
    const box = $('#config-preview');
    const notesEl = $('#config-preview-notes');
    const name = $('#config-name').value.trim();
    const body = configBody();
    const reasons = body.allowed_reasons.filter((r) => !r.includes(','));
    try {
      await loadWidget();
    } catch (e) {
      clear(box).append(h('p', { class: 'problem' }, 'The preview needs /widget.js, which did not load: ' + e.message));
      return;
    }
    let widget = $('feedback-buttons', box);
    if (!widget) {
      widget = h('feedback-buttons', { preview: true, 'aria-label': 'Preview of the feedback widget' });
      clear(box).append(widget);
    }
    widget.setAttribute('name', name || 'reaction');
    widget.setAttribute('reasons', reasons.join(','));
    clear(notesEl).append(h('ul', { class: 'preview-notes' },
      previewNotes(name, body).map((n) => h('li', { class: n.bad ? 'bad' : 'good' }, n.text))));
    const attrs = ['base-url="' + location.origin + '"', 'token="fh_eut_…"', 'message-id="…"'];
    if (name && name !== 'reaction') attrs.push('name="' + name + '"');
    if (reasons.length) attrs.push('reasons="' + reasons.join(',') + '"');
    $('#config-snippet').value = '<script src="' + location.origin + '/widget.js" async></script>\n<feedback-buttons '
      + attrs.join(' ') + '>\n</feedback-buttons>';
  }

  // ---------------------------------------------------------------- alert rules

  let editingAlert = null; // the rule being edited, or null
  const FILTER_KEYS = ['name', 'agent_id', 'label', 'content_id'];

  async function loadAlerts(isCurrent) {
    loading($('#alerts-list'));
    try {
      const [words, rules] = await Promise.all([loadVocabulary(), api('/v1/alerts')]);
      if (!isCurrent()) return false;
      const compare = $('#alert-compare');
      options(compare, words.compares, compare.value || words.compares[0]);
      renderAlerts(rules.items);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#alerts-list'), e, 'The alert rules');
      return false;
    }
  }

  function describeFilter(filter) {
    const parts = Object.entries(filter || {}).map(([k, v]) => k + ' = ' + v);
    return parts.length ? parts.join(', ') : 'all feedback';
  }

  function describeState(rule) {
    if (!rule.enabled) return h('span', { class: 'state-off' }, 'disabled');
    const state = h('span', { class: rule.state === 'firing' ? 'state-firing' : 'state-ok' },
      rule.state === 'firing' ? 'Firing' : 'OK');
    const last = rule.last_evaluation;
    const seen = last
      ? 'n = ' + last.count + (last.value === null ? '' : ', value ' + Number(last.value).toFixed(3))
        + (last.interval ? ' (95 % ' + Number(last.interval.low).toFixed(3) + ' – ' + Number(last.interval.high).toFixed(3) + ')' : '')
        + ', evaluated ' + when(last.evaluated_at)
      : 'not evaluated yet';
    return h('span', {}, state, ' since ', when(rule.state_since), h('span', { class: 'meta block' }, seen));
  }

  function renderAlerts(items) {
    if (!items.length) {
      clear($('#alerts-list')).append(h('p', { class: 'empty' }, 'No alert rules yet.'));
      return;
    }
    const rows = items.map((r) => {
      const label = r.description || r.condition;
      const edit = h('button', { type: 'button', class: 'quiet', 'aria-label': 'Edit rule ' + label }, 'Edit');
      edit.addEventListener('click', () => editAlert(r));
      const remove = h('button', { type: 'button', class: 'quiet danger', 'aria-label': 'Delete rule ' + label }, 'Delete');
      const problem = h('span', { class: 'problem', role: 'alert' });
      remove.addEventListener('click', async () => {
        if (!await confirmAction('Delete the alert rule "' + label + '" and its history?', 'Delete')) return;
        await act(remove, problem, async () => {
          await send('DELETE', '/v1/alerts/' + encodeURIComponent(r.id));
          status('Rule deleted.');
          if (editingAlert && editingAlert.id === r.id) newAlert(false);
          renderAlerts((await api('/v1/alerts')).items);
          $('#alerts-list-title').focus();
        });
      });
      return h('tr', { 'data-alert': r.id },
        h('th', { scope: 'row', class: 'key' }, r.description || '(no description)'),
        h('td', {}, h('code', {}, r.condition)),
        h('td', {}, describeFilter(r.filter)),
        h('td', {}, r.window + ', at least ' + r.min_count + ', ' + r.compare.replace('_', ' ')),
        h('td', { class: 'alert-state' }, describeState(r)),
        h('td', { class: 'actions-cell' }, edit, ' ', remove, problem));
    });
    clear($('#alerts-list')).append(table('Alert rules', ['Rule', 'Condition', 'Feedback', 'Window, count, compare', 'State', ''], rows));
  }

  function editAlert(r) {
    editingAlert = r;
    $('#alert-form-title').textContent = 'Edit rule ' + (r.description || r.condition);
    $('#alert-save').textContent = 'Save rule';
    $('#alert-condition').value = r.condition;
    $('#alert-description').value = r.description || '';
    for (const k of FILTER_KEYS) $('#alert-filter-' + k).value = (r.filter && r.filter[k]) || '';
    const meta = Object.keys(r.filter || {}).find((k) => k.startsWith('metadata.'));
    $('#alert-filter-meta-key').value = meta ? meta.slice('metadata.'.length) : '';
    $('#alert-filter-meta-value').value = meta ? r.filter[meta] : '';
    $('#alert-window').value = r.window;
    $('#alert-min_count').value = r.min_count;
    $('#alert-compare').value = r.compare;
    $('#alert-enabled').checked = r.enabled;
    clearRefusal($('#alert-form'), $('#alert-problem'));
    $('#alert-condition').focus();
  }

  function newAlert(focus = true) {
    editingAlert = null;
    $('#alert-form').reset();
    $('#alert-form-title').textContent = 'New alert rule';
    $('#alert-save').textContent = 'Create rule';
    clearRefusal($('#alert-form'), $('#alert-problem'));
    if (focus) $('#alert-condition').focus();
  }

  function alertBody() {
    const filter = {};
    for (const k of FILTER_KEYS) {
      const v = $('#alert-filter-' + k).value.trim();
      if (v) filter[k] = v;
    }
    const metaKey = $('#alert-filter-meta-key').value.trim();
    if (metaKey) filter['metadata.' + metaKey] = $('#alert-filter-meta-value').value.trim();
    const minCount = $('#alert-min_count').value.trim();
    const body = {
      condition: $('#alert-condition').value.trim(),
      description: $('#alert-description').value.trim() || null,
      filter,
      compare: $('#alert-compare').value,
      enabled: $('#alert-enabled').checked,
    };
    if ($('#alert-window').value.trim()) body.window = $('#alert-window').value.trim();
    // a number when it is one; otherwise the text itself, so that the API says what it expects
    if (minCount) body.min_count = /^-?\d+$/.test(minCount) ? Number(minCount) : minCount;
    return body;
  }

  /** An alert filter's errors name filter.<key>; a metadata key's go under the metadata fields. */
  function alertField(field) {
    if (field.startsWith('filter.metadata.')) return 'filter.metadata';
    return field;
  }

  async function saveAlert(event) {
    event.preventDefault();
    const form = $('#alert-form');
    const problem = $('#alert-problem');
    clearRefusal(form, problem);
    const button = $('#alert-save');
    button.disabled = true;
    try {
      const body = alertBody();
      const saved = editingAlert
        ? await send('PATCH', '/v1/alerts/' + encodeURIComponent(editingAlert.id), body)
        : await send('POST', '/v1/alerts', body);
      status(editingAlert ? 'Rule saved.' : 'Rule created.');
      renderAlerts((await api('/v1/alerts')).items);
      editAlert(saved);
      button.focus();
    } catch (e) {
      showRefusal(form, 'alert', problem, e, alertField);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- webhook endpoints

  let eventTypes = [];
  /** Bumps on every load of the page: a test event's watch stops when the page is left or reloaded. */
  let webhooksGeneration = 0;

  async function loadWebhooks(isCurrent) {
    const generation = ++webhooksGeneration;
    loading($('#webhooks-list'));
    try {
      const [words, endpoints] = await Promise.all([loadVocabulary(), api('/v1/webhooks')]);
      if (!isCurrent()) return false;
      eventTypes = words.events;
      const fieldset = $('#webhook-events');
      if (!$('input', fieldset)) {
        fieldset.append(h('p', { class: 'help' }, words.eventHelp), eventChoices('webhook-new', ['feedback.created', 'feedback.updated',
          'feedback.deleted', 'feedback.purged']));
      }
      await renderWebhooks(endpoints.items, isCurrent, generation);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#webhooks-list'), e, 'The webhook endpoints');
      return false;
    }
  }

  /** One checkbox per event type the API offers, those in {@code checked} ticked. */
  function eventChoices(idPrefix, checked) {
    return h('div', { class: 'events-grid' }, eventTypes.map((type) => {
      const id = idPrefix + '-' + type.replace(/[^a-z_]/g, '-');
      return h('label', { class: 'check', for: id },
        h('input', { type: 'checkbox', id, value: type, checked: checked.includes(type) }), type);
    }));
  }

  const chosenEvents = (root) => $$('input[type=checkbox]:checked', root).map((i) => i.value);

  async function createWebhook(event) {
    event.preventDefault();
    const form = $('#webhook-form');
    const problem = $('#webhook-problem');
    clearRefusal(form, problem);
    const button = $('button[type=submit]', form);
    button.disabled = true;
    try {
      const created = await send('POST', '/v1/webhooks', {
        url: $('#webhook-url').value.trim(), description: $('#webhook-description').value.trim() || null,
        events: chosenEvents($('#webhook-events')),
      });
      form.reset();
      status('Endpoint created.');
      await renderWebhooks((await api('/v1/webhooks')).items, () => true, webhooksGeneration);
      showSecret(created);
    } catch (e) {
      showRefusal(form, 'webhook', problem, e);
    } finally {
      button.disabled = false;
    }
  }

  /** The signing secret, shown this once (the API never shows it again): selected, with a copy button. */
  function showSecret(endpoint) {
    const box = $('#webhook-secret');
    const input = h('input', { id: 'webhook-secret-value', type: 'text', readonly: true, value: endpoint.secret, spellcheck: 'false',
      class: 'secret-value' });
    const copied = h('span', { class: 'meta', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', class: 'primary' }, 'Copy');
    copy.addEventListener('click', async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(endpoint.secret);
        copied.textContent = 'Copied.';
      } catch (e) {
        copied.textContent = 'Select it and copy it yourself (Ctrl+C).';
      }
    });
    const done = h('button', { type: 'button', class: 'quiet' }, 'Done, hide it');
    done.addEventListener('click', () => {
      clear(box);
      $('#webhook-url').focus();
    });
    clear(box).append(h('div', { class: 'panel secret-once', role: 'group', 'aria-labelledby': 'webhook-secret-title' },
      h('h3', { id: 'webhook-secret-title' }, 'Signing secret of ' + endpoint.url),
      h('label', { for: 'webhook-secret-value' }, 'Signing secret (shown this once)'),
      h('div', { class: 'secret-row' }, input, copy, copied),
      h('p', { class: 'help' }, 'Your receiver verifies each request\'s webhook-signature with it (docs/webhooks.md). '
        + 'It is not shown again; rotating it (POST /v1/webhooks/{id}/rotate-secret) issues a new one.'),
      done));
    input.focus();
    input.select();
  }

  async function renderWebhooks(items, isCurrent, generation) {
    const listEl = $('#webhooks-list');
    if (!items.length) {
      clear(listEl).append(h('p', { class: 'empty' }, 'No endpoints yet.'));
      return;
    }
    // every endpoint's recent deliveries, read side by side; one that fails shows its error in its own place
    const deliveries = await Promise.all(items.map((e) => api('/v1/webhooks/' + encodeURIComponent(e.id) + '/deliveries',
      new URLSearchParams({ limit: String(DELIVERIES_SHOWN) })).then((d) => d.items, (err) => err)));
    if (!isCurrent()) return;
    clear(listEl).append(h('ul', { class: 'endpoints' }, items.map((e, i) => h('li', {}, endpointCard(e, deliveries[i], generation)))));
  }

  function endpointCard(endpoint, deliveries, generation) {
    const id = endpoint.id;
    const titleId = 'endpoint-' + id + '-title';
    const problem = h('p', { class: 'problem', role: 'alert' });
    const deliveriesEl = h('div', { class: 'deliveries', 'aria-live': 'polite' });
    renderDeliveries(deliveriesEl, deliveries, null);

    const test = h('button', { type: 'button', class: 'primary', disabled: !endpoint.enabled,
      'aria-describedby': endpoint.enabled ? null : titleId + '-state' }, 'Send test event');
    test.addEventListener('click', () => act(test, problem, async () => {
      const queued = await send('POST', '/v1/webhooks/' + encodeURIComponent(id) + '/test');
      status('Test event queued: ' + queued.event_id);
      await watchTest(id, queued.event_id, deliveriesEl, generation);
    }));

    const toggle = h('button', { type: 'button', class: 'quiet' }, endpoint.enabled ? 'Disable' : 'Enable');
    toggle.addEventListener('click', () => act(toggle, problem, async () => {
      await send('PATCH', '/v1/webhooks/' + encodeURIComponent(id), { enabled: !endpoint.enabled });
      status(endpoint.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.');
      await refreshWebhooks(id, 'button');
    }));

    const editor = h('div', { class: 'events-editor', hidden: true });
    const editEvents = h('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false' }, 'Edit events');
    editEvents.addEventListener('click', () => {
      const open = editor.hidden;
      editor.hidden = !open;
      editEvents.setAttribute('aria-expanded', String(open));
      if (open) {
        const legendId = 'endpoint-' + id + '-events';
        const save = h('button', { type: 'submit', class: 'primary' }, 'Save events');
        const form = h('form', { class: 'events-form' },
          h('fieldset', { class: 'field-group', 'aria-labelledby': legendId },
            h('legend', { id: legendId }, 'Events sent to ' + endpoint.url), eventChoices('endpoint-' + id, endpoint.events)),
          save);
        form.addEventListener('submit', (ev) => {
          ev.preventDefault();
          act(save, problem, async () => {
            await send('PATCH', '/v1/webhooks/' + encodeURIComponent(id), { events: chosenEvents(form) });
            status('Events saved.');
            await refreshWebhooks(id, 'edit');
          });
        });
        clear(editor).append(form);
        $('input', editor).focus();
      }
    });

    const remove = h('button', { type: 'button', class: 'quiet danger' }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!await confirmAction('Delete the endpoint ' + endpoint.url + ' and its deliveries? It gets no further events.', 'Delete')) return;
      await act(remove, problem, async () => {
        await send('DELETE', '/v1/webhooks/' + encodeURIComponent(id));
        status('Endpoint deleted.');
        await renderWebhooks((await api('/v1/webhooks')).items, () => true, webhooksGeneration);
        $('#webhooks-list-title').focus();
      });
    });

    const state = endpoint.enabled
      ? (endpoint.failing_since ? 'Enabled, failing since ' + when(endpoint.failing_since) : 'Enabled')
      : 'Disabled' + (endpoint.disabled_reason ? ': ' + endpoint.disabled_reason : '');
    return h('article', { class: 'panel endpoint' + (endpoint.enabled ? '' : ' off'), 'aria-labelledby': titleId, 'data-endpoint': id },
      h('h3', { id: titleId, class: 'endpoint-url' }, endpoint.url),
      endpoint.description ? h('p', { class: 'help' }, endpoint.description) : null,
      h('p', { id: titleId + '-state', class: endpoint.enabled ? (endpoint.failing_since ? 'state-firing' : 'state-ok') : 'state-off' }, state),
      h('p', { class: 'meta' }, 'Events: ' + endpoint.events.join(', ')),
      h('div', { class: 'endpoint-actions' }, test, editEvents, toggle, remove),
      editor,
      problem,
      h('h4', {}, 'Recent deliveries'),
      deliveriesEl);
  }

  /** Re-reads every endpoint and puts the focus back on the same control of this endpoint's card. */
  async function refreshWebhooks(id, focus) {
    await renderWebhooks((await api('/v1/webhooks')).items, () => true, webhooksGeneration);
    const card = $('[data-endpoint="' + id + '"]');
    if (!card) return;
    const target = focus === 'edit' ? $$('.endpoint-actions button', card)[1] : $$('.endpoint-actions button', card)[2];
    if (target) target.focus();
  }

  function renderDeliveries(el, deliveries, highlight) {
    if (deliveries instanceof Error) {
      failedHere(el, deliveries, 'The deliveries');
      return;
    }
    if (!deliveries.length) {
      clear(el).append(h('p', { class: 'empty' }, 'No deliveries yet.'));
      return;
    }
    const rows = deliveries.map((d) => {
      const last = d.attempts.length ? d.attempts[d.attempts.length - 1] : null;
      const outcome = last ? (last.status_code !== null ? 'HTTP ' + last.status_code : last.error || 'no answer') + ', ' + last.duration_ms + ' ms' : '–';
      return h('tr', { 'data-event': d.event_id, class: d.event_id === highlight ? 'highlight' : null },
        h('td', {}, d.event_type),
        h('td', {}, h('span', { class: 'delivery-' + d.status }, d.status)),
        h('td', { class: 'num' }, String(d.attempt_count)),
        h('td', {}, outcome),
        h('td', {}, when(d.created_at)),
        h('td', { class: 'key' }, h('code', {}, d.event_id)));
    });
    clear(el).append(table('Recent deliveries', ['Event', 'Status', 'Attempts', 'Last attempt', 'Created', 'Event id (webhook-id)'], rows));
  }

  /**
   * After "Send test event": re-reads this endpoint's deliveries until the test's delivery is no longer pending (or
   * TEST_WATCH_MS pass), showing each state as it comes; stops when the page is left or loaded again.
   */
  async function watchTest(id, eventId, el, generation) {
    const deadline = Date.now() + TEST_WATCH_MS;
    const path = '/v1/webhooks/' + encodeURIComponent(id) + '/deliveries';
    for (;;) {
      if (generation !== webhooksGeneration || !el.isConnected) return;
      const items = (await api(path, new URLSearchParams({ limit: String(DELIVERIES_SHOWN) }))).items;
      if (generation !== webhooksGeneration || !el.isConnected) return;
      renderDeliveries(el, items, eventId);
      const mine = items.find((d) => d.event_id === eventId);
      if (mine && mine.status !== 'pending') {
        status('Test event ' + mine.status + (mine.status === 'delivered' ? '.' : ': see its attempts.'));
        return;
      }
      if (Date.now() > deadline) {
        status('Test event still pending: it is retried on the schedule.');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, TEST_POLL_MS));
    }
  }

  // ---------------------------------------------------------------- wiring

  kit.addView('configs', { label: 'Configs', nav: 'manage', role: 'editor', load: loadConfigs });
  kit.addView('alerts', { label: 'Alert rules', nav: 'manage', role: 'editor', load: loadAlerts });
  kit.addView('webhooks', { label: 'Webhooks', nav: 'manage', role: 'editor', load: loadWebhooks });

  function wire() {
    $('#config-form').addEventListener('submit', saveConfig);
    $('#config-new').addEventListener('click', newConfig);
    $('#config-form').addEventListener('input', () => preview());
    $('#config-type').addEventListener('change', () => {
      showConfigFields();
      preview();
    });
    $('#alert-form').addEventListener('submit', saveAlert);
    $('#alert-new').addEventListener('click', () => newAlert());
    $('#webhook-form').addEventListener('submit', createWebhook);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
