/*
 * <feedback-buttons>: a dependency-free web component that collects thumbs up / down, reasons and a comment on one
 * AI answer and sends them to Feedback Hub. Load it with
 *
 *   <script src="https://HUB/widget.js" async></script>
 *   <feedback-buttons base-url="https://HUB" token="fh_eut_…" message-id="msg-42" reasons="Wrong,Outdated,Too long">
 *   </feedback-buttons>
 *
 * Attributes: base-url (the hub; default: where this script came from), token (an end-user token from
 * POST /v1/tokens) or publishable-key (the widget then asks the hub once for an anonymous id for this browser,
 * POST /v1/anonymous-id, keeps it in localStorage and votes with it), message-id, thread-id, agent-id, name (default
 * "reaction"), reasons (comma-separated chips), no-comment (hides the comment box), label-up / label-down
 * (accessible names), timeout (ms, default 4000), preview (draws and behaves as configured but talks to no hub: the
 * dashboard's feedback config page shows this very component, so that its preview is the widget itself).
 *
 * It never gets in the host page's way: every request has a timeout, every failure becomes a quiet message and a
 * "feedback-error" event, and nothing here throws into the page. Events: "feedback-change" (detail: label or null,
 * feedback_id) and "feedback-error" (detail: status, message; 401 means the token expired: set a new one).
 */
(() => {
  'use strict';
  if (typeof window === 'undefined' || !window.customElements || window.customElements.get('feedback-buttons')) return;

  const SCRIPT_ORIGIN = (() => {
    try {
      return document.currentScript ? new URL(document.currentScript.src, location.href).origin : '';
    } catch (e) {
      return '';
    }
  })();

  /** Anonymous ids being fetched or known, per hub and publishable key: the widgets of one page share one. */
  const ANONYMOUS_IDS = new Map();

  const CSS = `
    :host { display: inline-block; font: inherit; color: inherit; --fh-accent: #0b57d0; --fh-good: #116329; --fh-bad: #a4262c;
      --fh-line: #8a96a6; --fh-soft: #f3f5f8; }
    :host([hidden]), [hidden] { display: none !important; }
    .row { display: flex; align-items: center; gap: 0.35rem; flex-wrap: wrap; }
    button { font: inherit; color: inherit; background: transparent; border: 1px solid var(--fh-line); border-radius: 999px;
      padding: 0.2rem 0.65rem; cursor: pointer; line-height: 1.4; }
    button:hover { background: var(--fh-soft); }
    button:focus-visible, textarea:focus-visible { outline: 3px solid #e0a100; outline-offset: 2px; }
    button[aria-disabled="true"] { cursor: progress; opacity: 0.7; }
    .thumb { min-width: 2.6rem; display: inline-flex; align-items: center; justify-content: center; padding: 0.3rem 0.7rem; }
    .thumb svg { fill: currentColor; display: block; }
    .up[aria-pressed="true"] { background: var(--fh-good); border-color: var(--fh-good); color: #fff; }
    .down[aria-pressed="true"] { background: var(--fh-bad); border-color: var(--fh-bad); color: #fff; }
    .more { margin-top: 0.45rem; display: flex; flex-direction: column; gap: 0.4rem; max-width: 28rem; }
    fieldset { border: 0; margin: 0; padding: 0; }
    legend { font-size: 0.9em; padding: 0; margin-bottom: 0.25rem; }
    .chips { display: flex; flex-wrap: wrap; gap: 0.3rem; }
    .chip { font-size: 0.88em; padding: 0.1rem 0.6rem; }
    .chip[aria-pressed="true"] { background: var(--fh-accent); border-color: var(--fh-accent); color: #fff; }
    label { font-size: 0.9em; display: flex; flex-direction: column; gap: 0.2rem; }
    textarea { font: inherit; border: 1px solid var(--fh-line); border-radius: 6px; padding: 0.3rem 0.45rem; min-height: 3.2em; resize: vertical; }
    .send { background: var(--fh-accent); border-color: var(--fh-accent); color: #fff; }
    .send:hover { background: #0842a0; }
    .msg { font-size: 0.88em; min-height: 1.2em; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `;

  let sheet = null;
  function styles(root) {
    try {
      if (!sheet && 'adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet === 'function') {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      if (sheet) {
        root.adoptedStyleSheets = [sheet]; // not an inline <style>: works under a strict style-src CSP
        return;
      }
    } catch (e) {
      sheet = null;
    }
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }

  /** A drawn thumb (no emoji: not every system has a font for them); down is the same shape turned over. */
  function thumb(down) {
    const ns = 'http://www.w3.org/2000/svg';
    const icon = document.createElementNS(ns, 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('width', '18');
    icon.setAttribute('height', '18');
    icon.setAttribute('aria-hidden', 'true');
    icon.setAttribute('focusable', 'false');
    const g = document.createElementNS(ns, 'g');
    if (down) g.setAttribute('transform', 'rotate(180 12 12)');
    const cuff = document.createElementNS(ns, 'rect');
    for (const [k, v] of Object.entries({ x: 2, y: 10, width: 4, height: 11, rx: 1 })) cuff.setAttribute(k, v);
    const hand = document.createElementNS(ns, 'path');
    hand.setAttribute('d', 'M8 10 L12.5 3.5 C13.3 2.4 15 3 14.8 4.4 L14.2 9 H20 C21.2 9 22.1 10.1 21.9 11.3 '
      + 'L20.6 19.3 C20.4 20.3 19.6 21 18.6 21 H8 Z');
    g.append(cuff, hand);
    icon.append(g);
    return icon;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  class FeedbackButtons extends HTMLElement {
    static get observedAttributes() {
      return ['token', 'publishable-key', 'message-id', 'thread-id', 'name', 'base-url', 'reasons'];
    }

    constructor() {
      super();
      this._vote = null;          // {id, label, reasons, comment} of the current live feedback, or null
      this._reasons = new Set();  // chips selected in the box
      this._busy = false;
      this._loadSeq = 0;
      this._rendered = false;
    }

    connectedCallback() {
      try {
        if (!this._rendered) this._render();
        this._loadCurrent();
      } catch (e) {
        this._quiet(e);
      }
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (!this._rendered || oldValue === newValue) return;
      try {
        if (name === 'reasons') this._renderChips();
        else this._loadCurrent();
      } catch (e) {
        this._quiet(e);
      }
    }

    // ------------------------------------------------------------ configuration

    get _base() {
      return (this.getAttribute('base-url') || SCRIPT_ORIGIN || '').replace(/\/+$/, '');
    }

    get _name() {
      return this.getAttribute('name') || 'reaction';
    }

    get _credential() {
      return this.getAttribute('token') || this.getAttribute('publishable-key') || '';
    }

    get _preview() {
      return this.hasAttribute('preview');
    }

    get _timeout() {
      const t = Number(this.getAttribute('timeout'));
      return Number.isFinite(t) && t > 0 ? t : 4000;
    }

    get _anonymousKey() {
      return ['feedback-hub', 'anonymous-id', this._base, this.getAttribute('publishable-key') || ''].join('|');
    }

    // ------------------------------------------------------------ rendering

    _render() {
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      styles(root);
      const up = el('button', { type: 'button', class: 'thumb up', 'aria-pressed': 'false' },
        thumb(false), el('span', { class: 'sr' }, this.getAttribute('label-up') || 'Good answer'));
      const down = el('button', { type: 'button', class: 'thumb down', 'aria-pressed': 'false' },
        thumb(true), el('span', { class: 'sr' }, this.getAttribute('label-down') || 'Bad answer'));
      up.addEventListener('click', () => this._safe(() => this._choose('thumbs_up')));
      down.addEventListener('click', () => this._safe(() => this._choose('thumbs_down')));

      const legend = el('legend', {}, 'Tell us more (optional)');
      const chips = el('div', { class: 'chips' });
      const fieldset = el('fieldset', {}, legend, chips);
      const comment = el('textarea', { maxlength: '2000', rows: '2' });
      const commentLabel = el('label', {}, 'Comment', comment);
      if (this.hasAttribute('no-comment')) commentLabel.hidden = true;
      const send = el('button', { type: 'button', class: 'send' }, 'Send');
      const undo = el('button', { type: 'button', class: 'undo' }, 'Undo my vote');
      send.addEventListener('click', () => this._safe(() => this._sendDetails()));
      undo.addEventListener('click', () => this._safe(() => this._undo()));
      const more = el('div', { class: 'more', hidden: true }, fieldset, commentLabel, el('div', { class: 'row' }, send, undo));
      const msg = el('span', { class: 'msg', role: 'status', 'aria-live': 'polite' });
      const group = el('div', { role: 'group', 'aria-label': this.getAttribute('aria-label') || 'Rate this answer' },
        el('div', { class: 'row' }, up, down, msg), more);
      root.append(group);
      this._ui = { group, up, down, more, chips, fieldset, legend, comment, send, undo, msg };
      this._rendered = true;
      this._renderChips();
    }

    _renderChips() {
      const { chips, fieldset } = this._ui;
      while (chips.firstChild) chips.removeChild(chips.firstChild);
      const reasons = (this.getAttribute('reasons') || '').split(',').map((r) => r.trim()).filter(Boolean).slice(0, 20);
      fieldset.hidden = reasons.length === 0;
      for (const reason of reasons) {
        const chip = el('button', { type: 'button', class: 'chip', 'aria-pressed': String(this._reasons.has(reason)) }, reason);
        chip.addEventListener('click', () => this._safe(() => {
          if (this._reasons.has(reason)) this._reasons.delete(reason);
          else this._reasons.add(reason);
          chip.setAttribute('aria-pressed', String(this._reasons.has(reason)));
        }));
        chips.append(chip);
      }
    }

    _show() {
      const { up, down, more, comment, legend } = this._ui;
      const label = this._vote ? this._vote.label : null;
      up.setAttribute('aria-pressed', String(label === 'thumbs_up'));
      down.setAttribute('aria-pressed', String(label === 'thumbs_down'));
      more.hidden = !label;
      legend.textContent = label === 'thumbs_down' ? 'What went wrong? (optional)' : 'What was good? (optional)';
      if (this._vote) {
        this._reasons = new Set(this._vote.reasons || []);
        comment.value = this._vote.comment || '';
      } else {
        this._reasons = new Set();
        comment.value = '';
      }
      for (const chip of this._ui.chips.children) chip.setAttribute('aria-pressed', String(this._reasons.has(chip.textContent)));
    }

    _say(text) {
      if (this._ui) this._ui.msg.textContent = text;
    }

    _setBusy(busy) {
      this._busy = busy;
      const { group, up, down, send, undo } = this._ui;
      group.setAttribute('aria-busy', String(busy));
      // aria-disabled rather than disabled: a disabled button drops keyboard focus, which would lose the user's place.
      for (const b of [up, down, send, undo]) b.setAttribute('aria-disabled', String(busy));
    }

    // ------------------------------------------------------------ behaviour

    async _loadCurrent() {
      const seq = ++this._loadSeq;
      if (this._preview || !this._credential || !this._base) return;
      const params = new URLSearchParams({ name: this._name, limit: '20' });
      for (const [attr, param] of [['message-id', 'message_id'], ['thread-id', 'thread_id']]) {
        if (this.getAttribute(attr)) params.set(param, this.getAttribute(attr));
      }
      const answer = await this._request('GET', '/v1/feedback?' + params.toString());
      if (seq !== this._loadSeq) return;
      if (!answer.ok) {
        this._failed(answer, null); // quiet: the buttons still work when the service comes back
        return;
      }
      const mine = (answer.body && answer.body.items || []).find((f) => !f.content_id && !f.deleted);
      this._vote = mine ? { id: mine.id, label: mine.label, reasons: mine.reasons, comment: mine.comment } : null;
      this._show();
    }

    async _choose(label) {
      if (this._busy) return;
      if (this._vote && this._vote.label === label) {
        await this._undo();
        return;
      }
      // A new thumb is a new judgment: the reasons and comment given with the other one no longer apply. The write
      // says so explicitly (reasons [], comment null), since a write to the slot replaces the whole vote.
      await this._write(label, [], null,
        label === 'thumbs_up' ? 'Thanks for the feedback.' : 'Thanks. Tell us what went wrong, if you like.');
    }

    async _sendDetails() {
      if (this._busy || !this._vote) return;
      const comment = this._ui.comment.value.trim();
      await this._write(this._vote.label, Array.from(this._reasons), comment || null, 'Thanks, your feedback was saved.');
    }

    /** One upsert of the whole vote: a second write to the same slot changes it in place on the hub. */
    async _write(label, reasons, comment, thanks) {
      if (this._preview) {
        this._vote = { id: 'preview', label, reasons: reasons || [], comment: comment || null };
        this._show();
        this._say('Preview: nothing was sent.');
        return;
      }
      if (!this._credential) {
        this._say('Feedback is not set up here.');
        return;
      }
      const body = { name: this._name, label, reasons: reasons || [], comment: comment || null, source: 'user' };
      for (const [attr, field] of [['message-id', 'message_id'], ['thread-id', 'thread_id'], ['agent-id', 'agent_id']]) {
        if (this.getAttribute(attr)) body[field] = this.getAttribute(attr);
      }
      const before = this._vote;
      this._loadSeq++; // a read still in flight must not overwrite what the user just did
      this._vote = { id: before ? before.id : null, label, reasons: body.reasons, comment: body.comment }; // optimistic
      this._show();
      this._setBusy(true);
      this._say('Saving…');
      const answer = await this._request('POST', '/v1/feedback', body);
      this._setBusy(false);
      if (!answer.ok) {
        this._vote = before;
        this._show();
        this._failed(answer, 'Your feedback could not be saved right now. Please try again later.');
        return;
      }
      const f = answer.body;
      this._vote = { id: f.id, label: f.label, reasons: f.reasons, comment: f.comment };
      this._show();
      this._say(thanks);
      this._emit('feedback-change', { label: f.label, reasons: f.reasons, comment: f.comment, feedback_id: f.id });
    }

    async _undo() {
      if (this._busy || !this._vote || !this._vote.id) return;
      if (this._preview) {
        this._vote = null;
        this._show();
        this._say('Preview: nothing was sent.');
        this._ui.up.focus();
        return;
      }
      const before = this._vote;
      this._loadSeq++;
      this._vote = null;
      this._show();
      this._setBusy(true);
      this._say('Removing…');
      const answer = await this._request('DELETE', '/v1/feedback/' + encodeURIComponent(before.id));
      this._setBusy(false);
      if (!answer.ok && answer.status !== 404) {
        this._vote = before;
        this._show();
        this._failed(answer, 'Your vote could not be removed right now. Please try again later.');
        return;
      }
      this._say('Your vote was removed.');
      this._emit('feedback-change', { label: null, reasons: [], comment: null, feedback_id: before.id });
      this._ui.up.focus();
    }

    _failed(answer, text) {
      if (text) this._say(answer.status === 401 ? 'Your session for feedback has expired. Reload the page to vote.' : text);
      this._emit('feedback-error', { status: answer.status, message: answer.message });
    }

    /**
     * A request with this browser's identity: the token, or the anonymous id the hub gave this browser for the
     * publishable key. An anonymous id the hub no longer takes (401: expired, or its key revoked) is forgotten, so
     * that the next request asks for a new one.
     */
    async _request(method, path, body) {
      const token = this.getAttribute('token');
      const credential = token ? { ok: true, value: token } : await this._anonymousId();
      if (!credential.ok) return credential;
      const answer = await this._fetch(method, path, body, credential.value);
      if (!token && answer.status === 401) this._forgetAnonymousId(credential.value);
      return answer;
    }

    /** {ok, value} with this browser's anonymous id for the publishable key, asking the hub for one the first time. */
    async _anonymousId() {
      const storageKey = this._anonymousKey;
      if (!ANONYMOUS_IDS.has(storageKey)) {
        let stored = null;
        try {
          stored = window.localStorage.getItem(storageKey);
        } catch (e) {
          // storage may be off (private mode, policy): the id then lasts as long as the page
        }
        ANONYMOUS_IDS.set(storageKey, stored ? Promise.resolve({ ok: true, value: stored }) : this._mintAnonymousId(storageKey));
      }
      const id = await ANONYMOUS_IDS.get(storageKey);
      if (!id.ok) ANONYMOUS_IDS.delete(storageKey); // the hub may answer next time
      return id;
    }

    async _mintAnonymousId(storageKey) {
      const answer = await this._fetch('POST', '/v1/anonymous-id', null, this.getAttribute('publishable-key') || '');
      if (!answer.ok || !answer.body || typeof answer.body.anonymous_id !== 'string') {
        return { ok: false, status: answer.status, body: null, message: answer.message || 'no anonymous id' };
      }
      try {
        window.localStorage.setItem(storageKey, answer.body.anonymous_id);
      } catch (e) {
        // see above
      }
      return { ok: true, value: answer.body.anonymous_id };
    }

    _forgetAnonymousId(value) {
      const storageKey = this._anonymousKey;
      ANONYMOUS_IDS.delete(storageKey);
      try {
        if (window.localStorage.getItem(storageKey) === value) window.localStorage.removeItem(storageKey);
      } catch (e) {
        // see above
      }
    }

    /** fetch with a timeout; resolves to {ok, status, body, message} and never rejects. */
    async _fetch(method, path, body, credential) {
      const controller = typeof AbortController === 'function' ? new AbortController() : null;
      const timer = controller ? setTimeout(() => controller.abort(), this._timeout) : null;
      try {
        const headers = { Accept: 'application/json', Authorization: 'Bearer ' + credential };
        if (body) headers['Content-Type'] = 'application/json';
        const response = await fetch(this._base + path, {
          method, headers, body: body ? JSON.stringify(body) : undefined, mode: 'cors', credentials: 'omit',
          cache: 'no-store', signal: controller ? controller.signal : undefined,
        });
        let parsed = null;
        if (response.status !== 204) {
          try {
            parsed = await response.json();
          } catch (e) {
            parsed = null;
          }
        }
        return { ok: response.ok, status: response.status, body: parsed,
          message: response.ok ? '' : (parsed && (parsed.detail || parsed.title)) || response.statusText };
      } catch (e) {
        return { ok: false, status: 0, body: null, message: e && e.name === 'AbortError' ? 'timed out' : 'unreachable' };
      } finally {
        if (timer) clearTimeout(timer);
      }
    }

    _emit(type, detail) {
      try {
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      } catch (e) {
        // a host listener that throws is the host's business, not a reason to break the widget
      }
    }

    async _safe(work) {
      try {
        await work();
      } catch (e) {
        this._quiet(e);
      }
    }

    _quiet(e) {
      this._say('Feedback is unavailable right now.');
      this._emit('feedback-error', { status: 0, message: String(e && e.message || e) });
    }
  }

  try {
    window.customElements.define('feedback-buttons', FeedbackButtons);
  } catch (e) {
    // defined twice (two copies of the script): the first one serves
  }
})();
