// The reviewer's page and the queue owner's page of review queues.
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
//
// #review?queue=ID: a reviewer claims the next item of a queue (POST …/next, a lease that this page renews while it
// shows the item), reads it (prompt, answer, retrieved chunks, the thread's earlier turns) and answers the queue's
// form, built from the feedback configs of its names, with the keyboard. Blind review: the page never reads other
// reviews or the end user's vote of the item (the review API shows none); of the feedback on the answer only the
// retrieved chunks it names are read.
// #queues?id=ID: the queue owner's page: progress, agreement with its 95 % intervals, win rates, disagreements and
// their adjudication, and a model judge calibrated against the reviewers.
(() => {
  'use strict';

  const D = window.FeedbackHubDashboard;
  const { h, $, $$, clear, api, send, guarded, status, failedHere, loading, ApiError, SignedOut } = D;

  const REVIEWER_STORAGE = 'feedbackhub.review.reviewer';
  const TURNS_SHOWN = 50;              // earlier turns of a thread shown above the answer, newest last
  const MIN_RENEW_SECONDS = 5;

  const q = (id) => encodeURIComponent(id);
  const queuePath = (id) => '/v1/review-queues/' + q(id);
  const itemPath = (queueId, itemId) => queuePath(queueId) + '/items/' + q(itemId);
  const pct = (x) => (x === null || x === undefined) ? '–' : (x * 100).toFixed(1) + ' %';
  const coef = (x) => (x === null || x === undefined) ? '–' : x.toFixed(3);
  const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium' });
  const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);

  // ---------------------------------------------------------------- who reviews

  /**
   * The reviewer: a signed-in person reviews as their email (what a queue owner recognises in progress and agreement
   * tables and in exports); with a secret key the page asks for a reviewer name, kept in this tab's sessionStorage.
   */
  const me = { loaded: null, person: null };

  async function loadMe() {
    if (!me.loaded) {
      me.loaded = api('/v1/me').then((answer) => { me.person = answer.user || null; }).catch((e) => {
        me.loaded = null;
        throw e;
      });
    }
    return me.loaded;
  }

  function reviewerId() {
    if (me.person) return me.person.email;
    return sessionStorage.getItem(REVIEWER_STORAGE) || '';
  }

  /** "Reviewing as …", or for a key a field to name the reviewer. */
  function renderWho(el, onChange) {
    clear(el);
    if (me.person) {
      el.append(h('p', { class: 'meta' }, 'Reviewing as ' + (me.person.name ? me.person.name + ' (' + me.person.email + ')' : me.person.email) + '.'));
      return;
    }
    const input = h('input', { id: 'review-reviewer', type: 'text', value: reviewerId(), spellcheck: 'false', autocomplete: 'off', size: '20',
      'aria-describedby': 'review-reviewer-help' });
    const form = h('form', { class: 'inline-form', id: 'review-who-form' },
      h('div', { class: 'field' }, h('label', { for: 'review-reviewer' }, 'Reviewer name'), input),
      h('button', { type: 'submit' }, 'Use this name'),
      h('p', { class: 'help', id: 'review-reviewer-help' }, 'Signed in with a key: your reviews are written under this name (reviewer_id).'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        input.focus();
        return;
      }
      sessionStorage.setItem(REVIEWER_STORAGE, name);
      onChange();
    });
    el.append(form);
  }

  // ---------------------------------------------------------------- feedback configs and registry reads

  const configs = new Map(); // name -> config or null (none registered)

  async function configOf(name) {
    if (!configs.has(name)) configs.set(name, await api('/v1/feedback-configs/' + q(name), null, { allow404: true }));
    return configs.get(name);
  }

  const message = (id) => id ? api('/v1/messages/' + q(id), null, { allow404: true }) : Promise.resolve(null);

  /** The registered turns of the thread before this message, oldest first (at most TURNS_SHOWN). */
  async function earlierTurns(threadId, answer) {
    if (!threadId) return [];
    const all = [];
    let cursor = null;
    for (let page = 0; page < 5; page++) {
      const p = new URLSearchParams({ thread_id: threadId, limit: '1000' });
      if (cursor) p.set('cursor', cursor);
      const got = await api('/v1/messages', p);
      all.push(...got.items);
      cursor = got.next_cursor;
      if (!cursor) break;
    }
    const before = all.filter((m) => m.id !== answer.id && m.created_at < answer.created_at);
    before.sort((a, b) => a.created_at.localeCompare(b.created_at));
    return before.slice(-TURNS_SHOWN);
  }

  /**
   * What the feedback on this answer says that a reviewer may see: the retrieved chunks it names (content_id), with
   * their registered titles, and only in a queue that is not blind, the others' reviews of it in this queue and the
   * end users' votes. In a blind queue nothing but the content ids is taken from that feedback.
   */
  async function answerFeedback(messageId, queue) {
    if (!messageId) return { chunks: [], others: [] };
    const page = await api('/v1/feedback', new URLSearchParams({ message_id: messageId, limit: '1000' }));
    const ids = [...new Set(page.items.map((f) => f.content_id).filter(Boolean))];
    const found = new Map();
    for (let i = 0; i < ids.length; i += 100) {
      const got = await api('/v1/contents', new URLSearchParams({ ids: ids.slice(i, i + 100).join(',') }));
      for (const c of got.items) found.set(c.id, c);
    }
    const others = queue.blind ? [] : page.items.filter((f) => !f.content_id && f.author_id !== reviewerId()
      && (f.source === 'user' || f.source === 'api' || (f.source === 'reviewer' && f.data && f.data.review_queue_id === queue.id)));
    return { chunks: ids.map((id) => found.get(id) || { id }), others };
  }

  // ---------------------------------------------------------------- the reviewer's page

  const work = {
    queue: null,        // the queue being reviewed
    claim: null,        // the claim on the page: {item, shown_order, lease_expires_at, …}
    timer: null,        // the lease renewal
    busy: false,        // a submit, skip or release in flight
  };

  async function loadReview(isCurrent, query) {
    if (work.claim) await leaveReview(); // another queue, or the same opened again: its next claim must not race this release
    const queueId = query.get('queue');
    for (const id of ['#review-who', '#review-queues-pick', '#review-progress', '#review-notice', '#review-work']) clear($(id));
    $('#review-keys').hidden = true;
    try {
      await loadMe();
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#review-work'), e, 'Who you are');
      return false;
    }
    if (!isCurrent()) return false;
    renderWho($('#review-who'), () => loadReview(isCurrent, query));
    if (!queueId) return pickQueue(isCurrent);
    let queue;
    try {
      queue = await api(queuePath(queueId));
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere($('#review-work'), e, 'The queue');
      return false;
    }
    if (!isCurrent()) return false;
    work.queue = queue;
    $('#review-scope').textContent = queue.name + ' · ' + (queue.kind === 'pairwise' ? 'pairwise: choose the better of two answers' : 'one answer per item')
      + (queue.blind ? ' · blind' : '');
    renderProgress(queue);
    if (!reviewerId()) {
      $('#review-work').append(h('p', { class: 'empty' }, 'Name the reviewer above to start.'));
      return true;
    }
    $('#review-keys').hidden = false;
    return claimNext(isCurrent);
  }

  async function pickQueue(isCurrent) {
    $('#review-scope').textContent = 'Choose a queue to review.';
    const el = $('#review-queues-pick');
    return part(el, isCurrent, 'The queues', () => api('/v1/review-queues'), (list) => {
      if (!list.items.length) {
        el.append(h('p', { class: 'empty' }, 'No review queues yet. ', h('a', { href: '#queues' }, 'Create one')));
        return;
      }
      el.append(h('ul', { class: 'queue-list' }, list.items.map((queue) => h('li', {},
        h('a', { href: '#review?queue=' + q(queue.id) }, 'Review ' + queue.name),
        h('span', { class: 'meta' }, ' ' + queue.kind + ' · form ' + queue.form.join(', ') + ' · ' + plural(queue.reviewers_per_item, 'reviewer', 'reviewers') + ' per item'),
        queue.instructions ? h('p', { class: 'help' }, queue.instructions) : null))));
    });
  }

  /** Your progress and the queue's. */
  function renderProgress(queue) {
    const p = queue.progress;
    const mine = p.reviewers.find((r) => r.reviewer_id === reviewerId());
    const total = p.items * queue.reviewers_per_item;
    clear($('#review-progress')).append(h('div', { class: 'cards review-cards' },
      card('You reviewed', String(mine ? mine.reviewed : 0), mine && mine.skipped ? plural(mine.skipped, 'skipped', 'skipped') : 'in this queue'),
      card('Queue', p.done_items + ' of ' + p.items + ' items done', p.reviews + ' of ' + total + ' reviews given'),
      card('Still needed', String(p.reviews_needed), plural(p.leased, 'being reviewed now', 'being reviewed now'))));
  }

  function card(label, value, detail) {
    return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), h('div', { class: 'detail' }, detail));
  }

  async function refreshProgress() {
    if (!work.queue) return;
    try {
      const queue = await api(queuePath(work.queue.id));
      if (work.queue && queue.id === work.queue.id) {
        work.queue = queue;
        renderProgress(queue);
      }
    } catch (e) {
      if (e instanceof SignedOut) return;
      console.warn('progress unavailable', e);
    }
  }

  function notice(text) {
    $('#review-notice').textContent = text || '';
  }

  /** POST …/next: the item that still needs this reviewer, under a lease; 204 when none does now. */
  async function claimNext(isCurrent = () => true) {
    stopRenewing();
    const el = $('#review-work');
    loading(el);
    let claim;
    try {
      claim = await send('POST', queuePath(work.queue.id) + '/next', { reviewer_id: reviewerId() });
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere(el, e, 'The next item');
      return false;
    }
    if (!isCurrent()) return false;
    work.claim = claim;
    if (!claim) {
      clear(el).append(h('div', { class: 'panel done' },
        h('h2', { tabindex: '-1', id: 'review-none' }, 'Nothing to review'),
        h('p', {}, 'No item of this queue needs you now: you reviewed or skipped every item that still needs reviews, or the others hold them.'),
        h('button', { type: 'button', onclick: () => guarded(() => claimNext()) }, 'Look again')));
      $('#review-none').focus();
      refreshProgress();
      return true;
    }
    try {
      await renderClaim(claim, isCurrent);
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere(el, e, 'The item');
      return false;
    }
    startRenewing();
    return true;
  }

  // ---------------------------------------------------------------- one item

  async function renderClaim(claim, isCurrent) {
    const item = claim.item;
    const pairwise = Boolean(claim.shown_order);
    const [messages, fields] = await Promise.all([
      pairwise ? Promise.all(claim.shown_order.map(message)) : Promise.all([message(item.message_id || item.trace_id)]),
      Promise.all(claim.form.map(configOf)),
    ]);
    const answer = messages[0];
    const threadId = item.thread_id || (answer && answer.thread_id);
    const [turns, seen] = await Promise.all([
      answer ? earlierTurns(threadId, answer).catch(failedPart) : [],
      pairwise ? { chunks: [], others: [] } : answerFeedback(item.message_id, work.queue).catch((e) => {
        const failed = failedPart(e);
        return { chunks: failed, others: [] };
      }),
    ]);
    if (!isCurrent() || work.claim !== claim) return;
    const el = clear($('#review-work'));
    const lease = h('p', { class: 'meta', id: 'review-lease' });
    el.append(h('section', { class: 'panel review-item', 'aria-labelledby': 'review-item-title' },
      h('h2', { id: 'review-item-title', tabindex: '-1' }, pairwise ? 'Which answer is better?' : 'The answer to review'),
      claim.instructions ? h('p', { class: 'instructions' }, claim.instructions) : null,
      lease,
      turnsBlock(turns),
      pairwise ? pairBlock(claim, messages) : answerBlock(item, answer),
      chunksBlock(seen.chunks),
      othersBlock(seen.others)));
    el.append(formBlock(claim, fields, messages));
    showLease();
    $('#review-item-title').focus();
  }

  /** A context read that failed does not keep the item from being reviewed: it says so where it would be. */
  function failedPart(e) {
    if (e instanceof SignedOut) throw e;
    return { failed: e instanceof ApiError ? e.message : e.message };
  }

  function showLease() {
    const el = $('#review-lease');
    if (!el || !work.claim) return;
    el.textContent = 'Held for you until ' + clock.format(new Date(work.claim.lease_expires_at))
      + ' (renewed while this page shows the item; item ' + work.claim.item.id + ').';
  }

  function turnsBlock(turns) {
    if (turns.failed) return h('p', { class: 'problem' }, 'The earlier turns could not be loaded: ' + turns.failed);
    if (!turns.length) return null;
    return h('details', { class: 'turns', open: true },
      h('summary', {}, 'Earlier in this conversation (' + plural(turns.length, 'turn', 'turns') + ')'),
      h('ol', {}, turns.map((m) => h('li', {},
        m.prompt ? h('p', { class: 'turn user' }, h('strong', {}, 'User: '), m.prompt) : null,
        m.content ? h('p', { class: 'turn' }, h('strong', {}, (m.role || 'assistant') + ': '), m.content) : null))));
  }

  function answerBlock(item, answer) {
    if (!answer) {
      return h('p', { class: 'meta' }, (item.message_id ? 'Message ' + item.message_id : 'Trace ' + item.trace_id)
        + ' is not registered: its prompt and answer are unknown here (PUT /v1/messages/{id} registers them).');
    }
    return h('dl', { class: 'qa' },
      h('dt', {}, 'Prompt'), h('dd', { class: 'prompt' }, answer.prompt || '(not registered)'),
      h('dt', {}, 'Answer'), h('dd', { class: 'answer' }, answer.content || '(not registered)'),
      answer.model ? [h('dt', {}, 'Model'), h('dd', {}, answer.model)] : null);
  }

  /** The two answers side by side, left and right in the order the API gave this reviewer (shown_order). */
  function pairBlock(claim, messages) {
    const prompt = (messages[0] && messages[0].prompt) || (messages[1] && messages[1].prompt);
    const side = (letter, id, m) => h('article', { class: 'side', 'aria-label': 'Answer ' + letter },
      h('h3', {}, 'Answer ' + letter),
      m ? h('p', { class: 'answer' }, m.content || '(no text registered)') : h('p', { class: 'meta' }, 'Message ' + id + ' is not registered.'));
    return h('div', {},
      h('dl', { class: 'qa' }, h('dt', {}, 'Prompt'), h('dd', { class: 'prompt' }, prompt || '(not registered)')),
      h('div', { class: 'pair' }, side('A', claim.shown_order[0], messages[0]), side('B', claim.shown_order[1], messages[1])));
  }

  function chunksBlock(chunks) {
    if (chunks.failed) return h('p', { class: 'problem' }, 'The retrieved chunks could not be loaded: ' + chunks.failed);
    if (!chunks.length) return null;
    return h('section', { class: 'chunks', 'aria-labelledby': 'review-chunks-title' },
      h('h3', { id: 'review-chunks-title' }, 'Retrieved chunks'),
      h('ul', {}, chunks.map((c) => h('li', {},
        c.source_url && /^https?:/.test(c.source_url) ? h('a', { href: c.source_url, rel: 'noopener noreferrer', target: '_blank' }, c.title || c.id) : (c.title || c.id),
        c.title ? h('span', { class: 'meta' }, ' (' + c.id + ')') : null,
        c.text ? h('blockquote', { class: 'chunk-text' }, c.text) : null))));
  }

  /** Only in a queue that is not blind: what the other reviewers and the end users said of this answer. */
  function othersBlock(others) {
    if (!others.length) return null;
    return h('section', { class: 'others', 'aria-labelledby': 'review-others-title' },
      h('h3', { id: 'review-others-title' }, 'What others said (this queue is not blind)'),
      h('ul', {}, others.map((f) => h('li', {}, ({ user: 'End user', api: 'Sent by your backend', reviewer: 'Reviewer ' + f.author_id }[f.source]) + ' · ' + f.name + ': '
        + (f.label !== null ? f.label : f.score !== null ? 'score ' + f.score : '') + (f.comment ? ' “' + f.comment + '”' : '')))));
  }

  // ---------------------------------------------------------------- the form

  /**
   * One fieldset per name of the queue's form, shaped by its config: labels (reaction, categorical) and small
   * integer ranges as numbered choices, boolean as yes / no, wider numbers as a number field, text as a comment;
   * a name without a config takes a free label. Pairwise: A (left), B (right) or tie, whatever the config.
   */
  function formBlock(claim, fields, messages) {
    const form = h('form', { class: 'panel review-form', id: 'review-form', 'aria-labelledby': 'review-form-title', novalidate: true });
    form.append(h('h2', { id: 'review-form-title' }, 'Your review'));
    claim.form.forEach((name, index) => form.append(fieldset(claim, name, fields[index], index)));
    const problem = h('p', { class: 'problem', id: 'review-problem', role: 'alert' });
    form.append(problem, h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', 'aria-keyshortcuts': 'Enter' }, 'Submit'),
      h('button', { type: 'button', 'aria-keyshortcuts': 'S', onclick: () => giveBack(true) }, 'Skip'),
      h('button', { type: 'button', class: 'quiet', 'aria-keyshortcuts': 'R', onclick: () => giveBack(false) }, 'Release')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit(form);
    });
    return form;
  }

  function fieldset(claim, name, config, index) {
    const id = 'rf-' + index;
    const set = h('fieldset', { class: 'question', 'data-name': name, 'data-kind': kindOf(claim, config), id });
    set.append(h('legend', {}, name + (config && config.description ? ': ' + config.description : '')));
    const kind = kindOf(claim, config);
    if (kind === 'choice' || kind === 'pair' || kind === 'boolean' || kind === 'steps') {
      const options = optionsOf(claim, config, kind);
      set.append(h('div', { class: 'options', role: 'radiogroup', 'aria-label': name }, options.map((o, i) => h('label', { class: 'option' },
        h('input', { type: 'radio', name: id, value: o.value, 'data-key': o.key || String(i + 1) }),
        h('kbd', { 'aria-hidden': 'true' }, o.key || String(i + 1)), ' ', o.text))));
    } else if (kind === 'number') {
      set.append(h('label', { for: id + '-score' }, 'Score' + range(config)),
        h('input', { id: id + '-score', type: 'number', step: 'any', min: config.min ?? undefined, max: config.max ?? undefined, 'data-score': 'yes' }));
    } else if (kind === 'free') {
      set.append(h('label', { for: id + '-label' }, 'Label'),
        h('input', { id: id + '-label', type: 'text', spellcheck: 'false', 'data-label': 'yes' }));
    }
    if (config && config.allowed_reasons && config.allowed_reasons.length && kind !== 'pair') {
      set.append(h('div', { class: 'reasons-pick', role: 'group', 'aria-label': 'Reasons for ' + name },
        config.allowed_reasons.map((r) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: r, 'data-reason': 'yes' }), r))));
    }
    const text = kind === 'text';
    set.append(h('label', { for: id + '-comment' }, text ? 'Your answer' : 'Comment (optional)'),
      h('textarea', { id: id + '-comment', rows: text ? '4' : '2', 'data-comment': 'yes', 'aria-keyshortcuts': 'Control+Enter' }));
    return set;
  }

  function kindOf(claim, config) {
    if (claim.shown_order) return 'pair';
    if (!config) return 'free';
    switch (config.type) {
      case 'reaction':
      case 'categorical':
        return config.labels.length ? 'choice' : 'free';
      case 'boolean':
        return 'boolean';
      case 'numeric':
        return steps(config) ? 'steps' : 'number';
      case 'text':
        return 'text';
      default:
        return 'free';
    }
  }

  /** An integer range of at most nine values (1–5 stars) is offered as numbered choices. */
  function steps(config) {
    const { min, max } = config;
    if (min === null || max === null || !Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min > 8) return null;
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  }

  function range(config) {
    if (config.min !== null && config.max !== null) return ' (' + config.min + ' to ' + config.max + ')';
    if (config.min !== null) return ' (at least ' + config.min + ')';
    if (config.max !== null) return ' (at most ' + config.max + ')';
    return '';
  }

  function optionsOf(claim, config, kind) {
    if (kind === 'pair') {
      return [{ value: claim.shown_order[0], text: 'A is better', key: 'A' }, { value: claim.shown_order[1], text: 'B is better', key: 'B' },
        { value: 'tie', text: 'Tie', key: 'T' }];
    }
    if (kind === 'boolean') return [{ value: 'score:1', text: 'Yes (1)' }, { value: 'score:0', text: 'No (0)' }];
    if (kind === 'steps') return steps(config).map((v) => ({ value: 'score:' + v, text: String(v) }));
    return config.labels.map((label) => ({ value: label, text: label.replace(/_/g, ' ') }));
  }

  /** The answers the form holds, or the fieldset that still needs one. */
  function readAnswers(form) {
    const answers = [];
    for (const set of $$('fieldset.question', form)) {
      const answer = { name: set.dataset.name };
      const picked = $('input[type=radio]:checked', set);
      const score = $('input[data-score]', set);
      const label = $('input[data-label]', set);
      const comment = $('textarea[data-comment]', set).value.trim();
      const reasons = $$('input[data-reason]:checked', set).map((c) => c.value);
      if (picked) {
        if (picked.value.startsWith('score:')) answer.score = Number(picked.value.slice(6));
        else answer.label = picked.value;
      } else if (score && score.value !== '') {
        answer.score = Number(score.value);
      } else if (label && label.value.trim()) {
        answer.label = label.value.trim();
      }
      if (comment) answer.comment = comment;
      if (reasons.length) answer.reasons = reasons;
      const answered = answer.label !== undefined || answer.score !== undefined || (set.dataset.kind === 'text' && comment);
      if (!answered) return { missing: set };
      answers.push(answer);
    }
    return { answers };
  }

  async function submit(form) {
    if (work.busy || !work.claim) return;
    const { answers, missing } = readAnswers(form);
    const problem = $('#review-problem');
    if (missing) {
      problem.textContent = 'Answer ' + missing.dataset.name + ' first.';
      ($('input, textarea', missing) || missing).focus();
      return;
    }
    const claim = work.claim;
    work.busy = true;
    problem.textContent = '';
    notice('');
    try {
      const written = await send('POST', itemPath(work.queue.id, claim.item.id) + '/reviews', { reviewer_id: reviewerId(), answers });
      notice('Review saved' + (written.item_done ? '; the item has all its reviews.' : '.'));
      status('Review saved.');
      await claimNext();
    } catch (e) {
      if (e instanceof SignedOut) return;
      if (e instanceof ApiError && e.httpStatus === 409) leaseLost();
      else problem.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
    } finally {
      work.busy = false;
      refreshProgress();
    }
  }

  /** Skip (never offered to you again) or release (back to the queue) the item on the page. */
  async function giveBack(skip) {
    if (work.busy || !work.claim) return;
    const claim = work.claim;
    work.busy = true;
    try {
      await send('POST', itemPath(work.queue.id, claim.item.id) + (skip ? '/skip' : '/release'), { reviewer_id: reviewerId() });
      if (skip) {
        notice('Skipped: this item is not offered to you again.');
        await claimNext();
      } else {
        stopRenewing();
        work.claim = null;
        notice('Released: the item is back in the queue.');
        clear($('#review-work')).append(h('div', { class: 'panel' },
          h('p', {}, 'You gave the item back. Others (or you) can take it.'),
          h('button', { type: 'button', class: 'primary', id: 'review-claim', onclick: () => guarded(() => claimNext()) }, 'Claim the next item')));
        $('#review-claim').focus();
      }
    } catch (e) {
      if (e instanceof SignedOut) return;
      if (e instanceof ApiError && e.httpStatus === 409) leaseLost();
      else D.showError(e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message);
    } finally {
      work.busy = false;
      refreshProgress();
    }
  }

  function leaseLost() {
    stopRenewing();
    work.claim = null;
    clear($('#review-work')).append(h('div', { class: 'panel', role: 'alert' },
      h('p', {}, 'Your hold on this item ran out, and it went back to the queue: nothing was saved. Claim the next item to go on.'),
      h('button', { type: 'button', class: 'primary', id: 'review-claim', onclick: () => guarded(() => claimNext()) }, 'Claim the next item')));
    $('#review-claim').focus();
  }

  // ---------------------------------------------------------------- lease renewal

  /**
   * While the page shows an item it asks for it again (POST …/next), which renews the lease of a reviewer who holds
   * one, every third of the lease. A different item in the answer means the lease had run out: the page says so and
   * shows that item. Leaving the view releases the item.
   */
  function startRenewing() {
    stopRenewing();
    const seconds = Math.max(MIN_RENEW_SECONDS, Math.floor((work.queue.lease_seconds || 300) / 3));
    work.timer = setInterval(renew, seconds * 1000);
  }

  function stopRenewing() {
    clearInterval(work.timer);
    work.timer = null;
  }

  async function renew() {
    if (work.busy || !work.claim) return;
    if ($('#view-review').hidden) { // signed out (leaving by a link releases in the hashchange handler)
      stopRenewing();
      work.claim = null;
      return;
    }
    const held = work.claim;
    try {
      const claim = await send('POST', queuePath(work.queue.id) + '/next', { reviewer_id: reviewerId() });
      if (work.claim !== held) return;
      if (claim && claim.item.id === held.item.id) {
        held.lease_expires_at = claim.lease_expires_at;
        showLease();
        return;
      }
      notice('Your hold on the item ran out and it went back to the queue; ' + (claim ? 'this is the next one.' : 'nothing else needs you now.'));
      work.claim = claim;
      if (claim) await renderClaim(claim, () => true);
      else await claimNext();
    } catch (e) {
      if (e instanceof SignedOut) stopRenewing();
      else console.warn('lease renewal failed; trying again', e);
    }
  }

  async function leaveReview() {
    stopRenewing();
    const claim = work.claim;
    const queue = work.queue;
    work.claim = null;
    if (claim && queue) {
      await send('POST', itemPath(queue.id, claim.item.id) + '/release', { reviewer_id: reviewerId() })
        .catch((e) => console.debug('release on leaving', e));
    }
  }

  window.addEventListener('hashchange', () => {
    if (work.claim && !location.hash.startsWith('#review')) leaveReview();
  });

  // ---------------------------------------------------------------- keyboard

  const TYPING = new Set(['text', 'number', 'search', 'email', 'password', 'url', 'tel', 'date']);

  document.addEventListener('keydown', (event) => {
    if ($('#view-review').hidden || !work.claim || !$('#review-form')) return;
    const target = event.target;
    const form = $('#review-form');
    const inText = target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable
      || (target.tagName === 'INPUT' && TYPING.has(target.type));
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && form.contains(target)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (inText || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') {
      if (target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY') return; // their own action
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    const key = event.key.length === 1 ? event.key.toUpperCase() : '';
    if (key === 'S') {
      event.preventDefault();
      giveBack(true);
    } else if (key === 'R') {
      event.preventDefault();
      giveBack(false);
    } else if (/^[1-9ABT]$/.test(key)) {
      const set = activeQuestion(form, target);
      const options = set ? $$('input[type=radio]', set) : [];
      const byKey = options.find((o) => o.dataset.key === key);
      const option = byKey || (/^[1-9]$/.test(key) ? options[Number(key) - 1] : null);
      if (option) {
        event.preventDefault();
        option.checked = true;
        $('#review-problem').textContent = '';
        // on to the next question still unanswered, so that a form of several names is answered key after key
        const sets = $$('fieldset.question', form);
        const next = sets.slice(sets.indexOf(set) + 1).find((s) => !$('input[type=radio]:checked', s) && $('input[type=radio]', s));
        (next ? $('input[type=radio]', next) : option).focus();
      }
    }
  });

  /** The question holding the focus, else the first one without an answer, else the first. */
  function activeQuestion(form, target) {
    const focused = target.closest && target.closest('fieldset.question');
    if (focused) return focused;
    const sets = $$('fieldset.question', form);
    return sets.find((s) => !$('input[type=radio]:checked', s)) || sets[0];
  }

  D.addView('review', { label: 'Review', nav: 'main', role: 'editor', load: loadReview });

  // ---------------------------------------------------------------- the queue owner's page

  async function loadQueues(isCurrent, query) {
    const body = clear($('#queues-body'));
    const id = query.get('id');
    if (!id) return listQueues(isCurrent, body);
    loading(body);
    let queue;
    try {
      await loadMe().catch(() => null);
      queue = await api(queuePath(id));
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere(body, e, 'The queue');
      return false;
    }
    if (!isCurrent()) return false;
    clear(body);
    $('#queues-title').textContent = queue.name;
    $('#queues-scope').textContent = (queue.kind === 'pairwise' ? 'Pairwise' : 'Single answers') + ' · form ' + queue.form.join(', ') + ' · '
      + plural(queue.reviewers_per_item, 'reviewer', 'reviewers') + ' per item · ' + (queue.blind ? 'blind' : 'not blind')
      + (queue.adjudicate ? ' · adjudicated' : '') + ' · created ' + dateTime.format(new Date(queue.created_at));
    body.append(h('p', {}, h('a', { href: '#queues' }, 'All queues'), ' · ', h('a', { href: '#review?queue=' + q(queue.id) }, 'Review this queue')));
    body.append(progressPanel(queue), addItemsPanel(queue));
    const parts = [];
    for (const name of queue.form) {
      const panel = h('section', { class: 'panel', 'aria-labelledby': 'agreement-' + cssId(name) });
      body.append(panel);
      parts.push(namePanels(queue, name, panel, isCurrent));
    }
    const results = await Promise.all(parts);
    return results.every(Boolean);
  }

  const cssId = (name) => name.replace(/[^A-Za-z0-9_-]/g, '_');

  async function listQueues(isCurrent, body) {
    $('#queues-title').textContent = 'Review queues';
    $('#queues-scope').textContent = 'Queues of answers for people to label, with their agreement.';
    const listEl = h('div', {});
    body.append(listEl, createPanel());
    return part(listEl, isCurrent, 'The queues', () => api('/v1/review-queues'), (list) => queueTable(listEl, list));
  }

  function queueTable(listEl, list) {
    if (!list.items.length) {
      listEl.append(h('p', { class: 'empty' }, 'No review queues yet: create one below.'));
      return;
    }
    listEl.append(h('div', { class: 'table-scroll' }, h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Review queues'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Queue'), h('th', {}, 'Kind'), h('th', {}, 'Form'), h('th', { class: 'num' }, 'Reviewers per item'),
        h('th', {}, 'Blind'), h('th', {}, 'Created'))),
      h('tbody', {}, list.items.map((queue) => h('tr', {},
        h('td', { class: 'key' }, h('a', { href: '#queues?id=' + q(queue.id) }, queue.name)),
        h('td', {}, queue.kind), h('td', { class: 'key' }, queue.form.join(', ')), h('td', { class: 'num' }, String(queue.reviewers_per_item)),
        h('td', {}, queue.blind ? 'yes' : 'no'), h('td', {}, dateTime.format(new Date(queue.created_at)))))))));
  }

  function progressPanel(queue) {
    const p = queue.progress;
    const total = p.items * queue.reviewers_per_item;
    const waiting = Math.max(0, p.reviews_needed - p.leased);
    return h('section', { class: 'panel', 'aria-labelledby': 'queue-progress-title' },
      h('h2', { id: 'queue-progress-title' }, 'Progress'),
      h('div', { class: 'cards', id: 'queue-progress' },
        card('Items done', p.done_items + ' of ' + p.items, queue.reviewers_per_item === 1 ? 'with their review' : 'with all ' + queue.reviewers_per_item + ' reviews'),
        card('Reviews given', p.reviews + ' of ' + total, pct(total ? p.reviews / total : null)),
        card('In progress', String(p.leased), 'slots held by a reviewer now'),
        card('Waiting', String(waiting), 'reviews nobody holds yet')),
      p.reviewers.length ? h('div', { class: 'table-scroll' }, h('table', { id: 'queue-reviewers' },
        h('caption', {}, 'Per reviewer'),
        h('thead', {}, h('tr', {}, h('th', {}, 'Reviewer'), h('th', { class: 'num' }, 'Reviewed'), h('th', { class: 'num' }, 'Holding now'),
          h('th', { class: 'num' }, 'Skipped'))),
        h('tbody', {}, p.reviewers.map((r) => h('tr', {}, h('td', { class: 'key' }, r.reviewer_id), h('td', { class: 'num' }, String(r.reviewed)),
          h('td', { class: 'num' }, String(r.leased)), h('td', { class: 'num' }, String(r.skipped))))))) : h('p', { class: 'empty' }, 'No reviews yet.'));
  }

  /** Agreement, win rates, disagreements and the judge for one name of the form. */
  async function namePanels(queue, name, panel, isCurrent) {
    const slug = cssId(name);
    const agreement = h('div', { id: 'agreement-' + slug + '-body' });
    const wins = h('div', { id: 'wins-' + slug });
    const disagreements = h('div', { id: 'disagreements-' + slug });
    const judge = h('div', { id: 'judge-' + slug });
    panel.append(h('h2', { id: 'agreement-' + slug }, 'Agreement on ' + name), agreement);
    if (queue.kind === 'pairwise') panel.append(h('h3', {}, 'Win rates'), wins);
    panel.append(h('h3', {}, 'Disagreements'), disagreements, h('h3', {}, 'Model judge against the reviewers'), judge);
    const parts = [
      part(agreement, isCurrent, 'Agreement', () => api(queuePath(queue.id) + '/agreement', new URLSearchParams({ name })), (r) => agreementReport(agreement, r)),
      part(disagreements, isCurrent, 'The disagreements', () => api(queuePath(queue.id) + '/disagreements', new URLSearchParams({ name })),
        async (r) => disagreementList(queue, name, disagreements, r, await configOf(name))),
      part(judge, isCurrent, 'The judge report', () => api('/v1/stats/judge', new URLSearchParams({ name })), (r) => judgeReport(judge, name, r)),
    ];
    if (queue.kind === 'pairwise') parts.push(winRates(queue, name, wins, isCurrent));
    return (await Promise.all(parts)).every(Boolean);
  }

  /** One read of the page: its error in its place, or its rendering. */
  async function part(el, isCurrent, what, read, render) {
    loading(el);
    try {
      const answer = await read();
      if (!isCurrent()) return false;
      clear(el);
      await render(answer);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      failedHere(el, e, what);
      return false;
    }
  }

  /** "0.412 (95 % interval 0.105 to 0.700)"; undefined and interval-less values say so in words. */
  function estimate(e, format) {
    if (!e) return 'not given';
    if (e.value === null) return 'undefined (every rating the same)';
    const interval = e.low === null || e.low === undefined ? 'no interval' : '95 % interval ' + format(e.low) + ' to ' + format(e.high);
    return format(e.value) + ' (' + interval + ')';
  }

  function agreementReport(el, r) {
    el.append(h('p', { class: 'meta' }, plural(r.units, 'item', 'items') + ' rated, ' + plural(r.ratings, 'rating', 'ratings') + ' by '
      + plural(r.raters, 'reviewer', 'reviewers') + '; ' + r.pairable_units + ' rated by two or more.'));
    if (!r.enough_overlap) {
      el.append(h('p', { class: 'verdict not-enough' }, 'Not enough overlap to say: ' + plural(r.pairable_units, 'item is', 'items are')
        + ' rated by two or more reviewers, at least ' + r.minimum_overlap + ' are needed.'));
      return;
    }
    const rows = [['Percent agreement', r.percent_agreement, pct]];
    if (r.cohen_kappa) rows.push(["Cohen's κ (two reviewers)", r.cohen_kappa, coef]);
    rows.push(["Fleiss' κ", r.fleiss_kappa, coef]);
    for (const [level, e] of Object.entries(r.krippendorff_alpha || {})) rows.push(["Krippendorff's α (" + level + ')', e, coef]);
    el.append(h('div', { class: 'table-scroll' }, h('table', { class: 'agreement' },
      h('caption', { class: 'visually-hidden' }, 'Agreement coefficients'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Measure'), h('th', {}, 'Value and 95 % interval'))),
      h('tbody', {}, rows.map(([label, e, format]) => h('tr', { 'data-measure': label }, h('th', { scope: 'row', class: 'key' }, label),
        h('td', {}, estimate(e, format))))))));
    if (r.labels.length) {
      el.append(h('div', { class: 'table-scroll' }, h('table', { class: 'per-label' },
        h('caption', {}, 'Per label (Fleiss’ κ of the label against the rest)'),
        h('thead', {}, h('tr', {}, h('th', {}, 'Label'), h('th', { class: 'num' }, 'Ratings'), h('th', {}, 'κ and 95 % interval'))),
        h('tbody', {}, r.labels.map((l) => h('tr', {}, h('td', { class: 'key' }, l.label), h('td', { class: 'num' }, String(l.ratings)),
          h('td', {}, estimate(l.fleiss_kappa, coef))))))));
    }
    if (r.pairs.length) {
      el.append(h('div', { class: 'table-scroll' }, h('table', { class: 'per-pair' },
        h('caption', {}, 'Per pair of reviewers'),
        h('thead', {}, h('tr', {}, h('th', {}, 'Reviewers'), h('th', { class: 'num' }, 'Shared items'), h('th', {}, 'Percent agreement'),
          h('th', {}, "Cohen's κ"))),
        h('tbody', {}, r.pairs.map((p) => h('tr', { 'data-pair': p.rater_a + ' / ' + p.rater_b },
          h('td', { class: 'key' }, p.rater_a + ' / ' + p.rater_b), h('td', { class: 'num' }, String(p.shared_units)),
          p.enough_overlap ? h('td', {}, estimate(p.percent_agreement, pct)) : h('td', { colspan: '2' }, 'Not enough overlap to say'),
          p.enough_overlap ? h('td', {}, estimate(p.cohen_kappa, coef)) : null))))));
      for (const p of r.pairs.filter((x) => x.enough_overlap)) el.append(confusion(p, r.categories));
    }
  }

  function confusion(p, categories) {
    return h('details', { class: 'confusion' },
      h('summary', {}, 'Confusion matrix: ' + p.rater_a + ' (rows) against ' + p.rater_b + ' (columns)'),
      h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, p.rater_a + ' \\ ' + p.rater_b), categories.map((c) => h('th', { class: 'num', scope: 'col' }, c)))),
        h('tbody', {}, p.confusion.map((row, i) => h('tr', {}, h('th', { scope: 'row', class: 'key' }, categories[i]),
          row.map((n, j) => h('td', { class: 'num' + (i === j ? ' diagonal' : '') }, String(n)))))))));
  }

  async function winRates(queue, name, el, isCurrent) {
    const by = h('select', { id: 'wins-by-' + cssId(name) },
      h('option', { value: '' }, 'each answer'), h('option', { value: 'model' }, 'model'), h('option', { value: 'prompt_version' }, 'prompt_version'));
    const table = h('div', {});
    el.append(h('div', { class: 'field inline' }, h('label', { for: by.id }, 'Win rate of'), by), table);
    const show = () => part(table, isCurrent, 'Win rates', () => api(queuePath(queue.id) + '/win-rates',
      new URLSearchParams(by.value ? { name, by: by.value } : { name })), (w) => {
      if (!w.items.length) {
        table.append(h('p', { class: 'empty' }, 'No pairwise reviews yet.'));
        return;
      }
      table.append(h('div', { class: 'table-scroll' }, h('table', { class: 'wins' },
        h('thead', {}, h('tr', {}, h('th', {}, by.value || 'Answer'), h('th', { class: 'num' }, 'Comparisons'), h('th', { class: 'num' }, 'Wins'),
          h('th', { class: 'num' }, 'Losses'), h('th', { class: 'num' }, 'Ties'), h('th', {}, 'Win rate and 95 % interval'))),
        h('tbody', {}, w.items.map((row) => h('tr', {}, h('td', { class: 'key' }, row.key === null ? '(unknown)' : row.key),
          h('td', { class: 'num' }, String(row.comparisons)), h('td', { class: 'num' }, String(row.wins)), h('td', { class: 'num' }, String(row.losses)),
          h('td', { class: 'num' }, String(row.ties)),
          h('td', {}, estimate({ value: row.win_rate, low: row.interval ? row.interval.low : null, high: row.interval ? row.interval.high : null }, pct))))))));
    });
    by.addEventListener('change', () => show());
    return show();
  }

  function disagreementList(queue, name, el, r, config) {
    if (!r.items.length) {
      el.append(h('p', { class: 'empty' }, 'No item has reviews that disagree on ' + name + '.'));
      return;
    }
    if (!queue.adjudicate) {
      el.append(h('p', { class: 'help' }, 'This queue does not adjudicate (create a queue with adjudication to resolve these).'));
    }
    el.append(h('ul', { class: 'disagreements' }, r.items.map((d) => h('li', {},
      h('p', {}, h('strong', {}, d.item.pair ? 'Pair ' + d.item.pair.join(' vs ') : (d.item.message_id || d.item.trace_id)), ': ',
        d.reviews.map((v) => v.reviewer_id + ' said ' + choiceText(d.item, v.label)).join('; ')),
      d.item.resolved && d.item.resolved.name === name
        ? h('p', { class: 'meta resolved' }, 'Resolved: ' + choiceText(d.item, d.item.resolved.label) + ' by ' + d.item.resolved.by) : null,
      queue.adjudicate ? resolveForm(queue, name, d, config) : null))));
  }

  const choiceText = (item, label) => label === null || label === undefined ? '(no label)' : label;

  /** The decision: a label the reviewers gave, one of the config's, or for a pair either answer or a tie. */
  function resolveForm(queue, name, d, config) {
    const id = 'resolve-' + d.item.id + '-' + cssId(name);
    const offered = d.item.pair ? d.item.pair.concat(['tie']) : (config && config.labels) || [];
    const labels = [...new Set(d.reviews.map((v) => v.label).filter((l) => l !== null && l !== undefined).concat(offered))];
    const select = h('select', { id }, labels.map((l) => h('option', { value: l }, l)));
    const out = h('span', { class: 'meta', role: 'status' });
    const form = h('form', { class: 'inline-form' }, h('label', { for: id }, 'Decide'), select, h('button', { type: 'submit' }, 'Resolve'), out);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const adjudicator = me.person ? me.person.email : (sessionStorage.getItem(REVIEWER_STORAGE) || 'dashboard');
      try {
        const item = await send('POST', itemPath(queue.id, d.item.id) + '/resolution', { adjudicator_id: adjudicator, name, label: select.value });
        out.textContent = 'Resolved: ' + item.resolved.label + ' by ' + item.resolved.by + '.';
      } catch (e) {
        if (e instanceof SignedOut) return;
        out.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
      }
    });
    return form;
  }

  function judgeReport(el, name, r) {
    const c = r.calibration;
    const judged = c ? c.judged_items : 0;
    if (!judged && !r.agreement.ratings) {
      el.append(h('p', { class: 'empty' }, 'No model judge: no feedback of source ' + r.judge_source + ' under ' + name + '.'));
      return;
    }
    const a = r.agreement;
    el.append(h('p', {}, 'Agreement of the judge with the reviewers’ consensus: ',
      a.enough_overlap ? estimate(a.cohen_kappa, coef) + " (Cohen's κ)"
        : h('span', { class: 'not-enough' }, 'Not enough overlap to say: ' + plural(a.pairable_units, 'item is', 'items are')
          + ' both judged and reviewed, at least ' + a.minimum_overlap + ' are needed.')));
    if (!c) {
      el.append(h('p', { class: 'help' }, 'No rate: the labels of ' + name + ' carry no score.'));
      return;
    }
    const rate = (e) => e.value === null ? 'too few items to say' : estimate(e, pct);
    el.append(h('div', { class: 'table-scroll' }, h('table', { class: 'judge' },
      h('caption', { class: 'visually-hidden' }, 'Judge calibration'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Rate'), h('th', {}, 'Value and 95 % interval'), h('th', { class: 'num' }, 'Items'))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row', class: 'key' }, 'Judge alone (naive)'), h('td', {}, rate(c.judge_rate)), h('td', { class: 'num' }, String(c.judged_items))),
        h('tr', {}, h('th', { scope: 'row', class: 'key' }, 'Reviewers alone'), h('td', {}, rate(c.human_rate)), h('td', { class: 'num' }, String(c.labelled_items))),
        h('tr', {}, h('th', { scope: 'row', class: 'key' }, 'Judge calibrated by the reviewers'), h('td', {}, rate(c.calibrated_rate)),
          h('td', { class: 'num' }, String(c.judged_items)))))),
      h('p', { class: 'help' }, 'The calibrated rate is the judge’s rate over the items only it rated, corrected by how far it differs from people on the items both rated (prediction-powered inference; docs/insight.md).'));
  }

  // ---------------------------------------------------------------- adding items and creating queues

  function addItemsPanel(queue) {
    const pairwise = queue.kind === 'pairwise';
    const ids = h('textarea', { id: 'add-ids', rows: '4', spellcheck: 'false', 'aria-describedby': 'add-ids-help' });
    const out = h('p', { class: 'meta', role: 'status', id: 'add-ids-result' });
    const form = h('form', { class: 'stack-form' },
      h('label', { for: 'add-ids' }, pairwise ? 'Pairs of message ids' : 'Message ids'),
      ids,
      h('p', { class: 'help', id: 'add-ids-help' }, pairwise ? 'One pair per line: two message ids (answers to the same prompt), separated by a space or a comma.'
        : 'One message id per line (trace:ID for a trace, thread:ID for a thread’s latest answer).'),
      h('button', { type: 'submit' }, 'Add to the queue'), out);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const lines = ids.value.split('\n').map((l) => l.trim()).filter(Boolean);
      if (!lines.length) {
        ids.focus();
        return;
      }
      const items = lines.map((l) => pairwise ? { pair: l.split(/[\s,]+/).filter(Boolean) }
        : l.startsWith('trace:') ? { trace_id: l.slice(6) } : l.startsWith('thread:') ? { thread_id: l.slice(7) } : { message_id: l });
      try {
        const added = await send('POST', queuePath(queue.id) + '/items', { items });
        out.textContent = plural(added.added, 'item', 'items') + ' added' + (added.already_queued ? ', ' + added.already_queued + ' already queued' : '') + '.';
        ids.value = '';
      } catch (e) {
        if (e instanceof SignedOut) return;
        out.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
      }
    });
    return h('details', { class: 'panel' }, h('summary', {}, 'Add items'), form, pairwise ? null : filterForm(queue));
  }

  /** Items by a filter over feedback: name, label, agent, a sample with its seed, and whether it stays live. */
  function filterForm(queue) {
    const field = (id, label, attrs) => h('div', { class: 'field' }, h('label', { for: id }, label), h('input', Object.assign({ id, type: 'text', spellcheck: 'false' }, attrs)));
    const out = h('p', { class: 'meta', role: 'status' });
    const form = h('form', { class: 'inline-form filter-form', 'aria-label': 'Add by a filter over feedback' },
      h('h3', {}, 'Or by a filter over feedback'),
      field('ff-name', 'Feedback name', { placeholder: 'thumbs' }), field('ff-label', 'Label', { placeholder: 'down' }),
      field('ff-agent', 'Agent', {}), field('ff-days', 'Last N days', { type: 'number', min: '1', value: '7' }),
      field('ff-rate', 'Sample share (0–1)', { type: 'number', min: '0', max: '1', step: 'any', placeholder: '1' }),
      field('ff-seed', 'Sample seed', {}),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'ff-live' }), 'Keep adding new matches (live)'),
      h('button', { type: 'submit' }, 'Add matches'), out);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const v = (id) => $('#' + id).value.trim();
      const feedback = {};
      if (v('ff-name')) feedback.name = v('ff-name');
      if (v('ff-label')) feedback.label = v('ff-label');
      if (v('ff-agent')) feedback.agent_id = v('ff-agent');
      if (v('ff-days')) feedback.created_from = new Date(Date.now() - Number(v('ff-days')) * 86400000).toISOString();
      const body = { feedback, live: $('#ff-live').checked };
      if (v('ff-rate')) body.sample = { rate: Number(v('ff-rate')), seed: v('ff-seed') || undefined };
      try {
        const added = await send('POST', queuePath(queue.id) + '/filters', body);
        out.textContent = added.matched + ' matched, ' + added.added + ' added, ' + added.already_queued + ' already queued'
          + (added.truncated ? ' (only the first matches were read)' : '') + '.';
      } catch (e) {
        if (e instanceof SignedOut) return;
        out.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
      }
    });
    return form;
  }

  function createPanel() {
    const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
    const out = h('p', { class: 'problem', role: 'alert', id: 'create-queue-problem' });
    const form = h('form', { class: 'stack-form', id: 'create-queue' },
      field('cq-name', 'Name', h('input', { id: 'cq-name', type: 'text', required: true })),
      field('cq-kind', 'Kind', h('select', { id: 'cq-kind' }, h('option', { value: 'single' }, 'single: judge one answer'),
        h('option', { value: 'pairwise' }, 'pairwise: the better of two answers'))),
      field('cq-form', 'Form: feedback names, comma-separated', h('input', { id: 'cq-form', type: 'text', required: true, spellcheck: 'false',
        list: 'cq-configs', placeholder: 'helpfulness' })),
      h('datalist', { id: 'cq-configs' }),
      field('cq-per-item', 'Reviewers per item', h('input', { id: 'cq-per-item', type: 'number', min: '1', max: '25', value: '2' })),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'cq-blind', checked: true }), 'Blind: reviewers never see others’ reviews'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'cq-adjudicate' }), 'Adjudicate disagreements'),
      field('cq-instructions', 'Instructions', h('textarea', { id: 'cq-instructions', rows: '3' })),
      out, h('button', { type: 'submit', class: 'primary' }, 'Create the queue'));
    api('/v1/feedback-configs').then((list) => {
      for (const c of list.items) $('#cq-configs', form).append(h('option', { value: c.name }, c.type));
    }).catch((e) => console.debug('configs for suggestions', e));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      out.textContent = '';
      const names = $('#cq-form', form).value.split(',').map((s) => s.trim()).filter(Boolean);
      const body = {
        name: $('#cq-name', form).value.trim(), kind: $('#cq-kind', form).value, form: names,
        reviewers_per_item: Number($('#cq-per-item', form).value || 1), blind: $('#cq-blind', form).checked,
        adjudicate: $('#cq-adjudicate', form).checked, instructions: $('#cq-instructions', form).value.trim() || undefined,
      };
      try {
        const queue = await send('POST', '/v1/review-queues', body);
        location.hash = '#queues?id=' + q(queue.id);
      } catch (e) {
        if (e instanceof SignedOut) return;
        out.textContent = e instanceof ApiError ? e.message : 'Something went wrong: ' + e.message;
      }
    });
    return h('section', { class: 'panel', 'aria-labelledby': 'create-queue-title' }, h('h2', { id: 'create-queue-title' }, 'New queue'), form);
  }

  D.addView('queues', { label: 'Review queues', nav: 'main', role: 'editor', load: loadQueues });
})();
