// The conversation view (a thread's turns with their feedback inline) and text search.
// Built on the kit dashboard.js publishes as window.FeedbackHubDashboard (docs/web.md, "How the dashboard's scripts fit together").
(() => {
  'use strict';

  const kit = window.FeedbackHubDashboard;
  const { h, $, clear, api, guarded, failedHere, loading, when, judgment, tone, contentNames } = kit;

  const PAGE = 1000;        // listing page size when a conversation reads its turns and feedback
  const MAX_PAGES = 5;      // at most this many pages of each: a conversation longer than 5,000 turns shows its first 5,000
  const LONG_PROMPT = 400;  // a longer prompt (earlier turns a trace carried) is folded behind a summary
  const SEARCH_PAGE = 25;

  /** Every page of a listing, up to MAX_PAGES; {items, complete}. */
  async function all(path, params) {
    const items = [];
    let cursor = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const p = new URLSearchParams(params);
      p.set('limit', String(PAGE));
      if (cursor) p.set('cursor', cursor);
      const page = await api(path, p);
      items.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor) return { items, complete: true };
    }
    return { items, complete: false };
  }

  /** Where a conversation link points: the message when one is named (it opens within its thread), else the thread. */
  function conversationHash({ messageId, threadId }) {
    if (messageId) return '#conversation?message=' + encodeURIComponent(messageId);
    return threadId ? '#conversation?thread=' + encodeURIComponent(threadId) : null;
  }

  // ---------------------------------------------------------------- conversation

  async function loadConversation(isCurrent, query) {
    const wantedMessage = query.get('message');
    let threadId = query.get('thread');
    const problem = clear($('#conversation-problem'));
    const turns = clear($('#conversation-turns'));
    const whole = clear($('#conversation-thread-feedback'));
    $('#conversation-thread-feedback-panel').hidden = true;
    $('#conversation-empty').hidden = true;
    $('#conversation-thread').value = threadId || '';
    if (!wantedMessage && !threadId) {
      $('#conversation-scope').textContent = 'Open one from the feed or a search, or by its thread id.';
      return true;
    }
    loading(turns);
    try {
      let opened = null;
      if (wantedMessage) {
        opened = await api('/v1/messages/' + encodeURIComponent(wantedMessage), null, { allow404: true });
        threadId = opened && opened.thread_id;
        $('#conversation-thread').value = threadId || '';
      }
      const [thread, messages, feedback] = await Promise.all([
        threadId ? api('/v1/threads/' + encodeURIComponent(threadId), null, { allow404: true }) : null,
        threadId ? all('/v1/messages', { thread_id: threadId }) : { items: opened ? [opened] : [], complete: true },
        threadId ? all('/v1/feedback', { thread_id: threadId }) : all('/v1/feedback', { message_id: wantedMessage }),
      ]);
      const chunks = await chunkNames(feedback.items);
      if (!isCurrent()) return false;
      clear(turns);
      describe(thread, threadId, wantedMessage, messages, feedback);
      render(turns, whole, messages.items, feedback.items, chunks, wantedMessage);
      return true;
    } catch (e) {
      if (!isCurrent()) return false;
      clear(turns);
      failedHere(problem, e, 'The conversation');
      return false;
    }
  }

  async function chunkNames(items) {
    const ids = items.map((f) => f.content_id).filter(Boolean);
    if (!ids.length) return new Map();
    try {
      return await contentNames(ids);
    } catch (e) {
      if (e instanceof kit.SignedOut) throw e;
      console.warn('chunk titles unavailable', e);
      return new Map();
    }
  }

  function describe(thread, threadId, wantedMessage, messages, feedback) {
    const parts = [];
    if (thread && thread.title) parts.push(thread.title);
    parts.push(threadId ? 'thread ' + threadId : 'message ' + wantedMessage + ' (in no thread)');
    if (thread && thread.agent_id) parts.push('agent ' + thread.agent_id);
    parts.push(messages.items.length + (messages.items.length === 1 ? ' turn' : ' turns'));
    parts.push(feedback.items.length + ' feedback');
    if (!messages.complete || !feedback.complete) parts.push('only the first ' + PAGE * MAX_PAGES + ' of each are shown');
    $('#conversation-scope').textContent = parts.join(' · ');
  }

  function render(turns, whole, messages, feedback, chunks, wantedMessage) {
    // feedback naming only a trace belongs to the trace's root, the message whose id is the trace id
    const byMessage = new Map();
    const known = new Set(messages.map((m) => m.id));
    const onThread = [];
    for (const f of feedback) {
      const target = f.message_id || f.trace_id;
      if (target) {
        if (!byMessage.has(target)) byMessage.set(target, []);
        byMessage.get(target).push(f);
      } else {
        onThread.push(f);
      }
    }
    const ordered = messages.slice().sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    ordered.forEach((m, i) => turns.append(turn(m, i + 1, byMessage.get(m.id) || [], chunks, m.id === wantedMessage)));
    // feedback on messages that were never registered (or are past the pages read) still shows, under its id
    for (const [target, items] of byMessage) {
      if (!known.has(target)) turns.append(turn(null, null, items, chunks, target === wantedMessage, target));
    }
    for (const f of onThread) whole.append(h('li', {}, judgmentItem(f, chunks)));
    $('#conversation-thread-feedback-panel').hidden = onThread.length === 0;
    if (!turns.children.length && !onThread.length) {
      $('#conversation-empty').textContent = 'Nothing is registered or recorded for this conversation yet.';
      $('#conversation-empty').hidden = false;
    }
    const opened = turns.querySelector('.turn.opened');
    if (opened) opened.scrollIntoView({ block: 'center' });
  }

  /** What produced an answer: model, latency, tokens, finish reasons, error (the trace's, else the vendor door's metadata). */
  function facts(m) {
    const t = m.trace || {};
    const md = m.metadata || {};
    const number = (v) => (v === null || v === undefined || v === '' || Number.isNaN(Number(v))) ? null : Number(v);
    const latency = number(t.latency_ms ?? md.latency_ms);
    const input = number(t.input_tokens ?? md.input_tokens);
    const output = number(t.output_tokens ?? md.output_tokens);
    const list = [];
    if (m.model) list.push(['Model', m.model]);
    if (latency !== null) list.push(['Latency', latency.toLocaleString('en') + ' ms']);
    if (input !== null || output !== null) {
      list.push(['Tokens', (input === null ? '–' : input.toLocaleString('en')) + ' in, ' + (output === null ? '–' : output.toLocaleString('en')) + ' out']);
    }
    if (t.finish_reasons) list.push(['Finish', t.finish_reasons]);
    const error = t.error || md.error;
    if (error) list.push(['Error', error]);
    return list;
  }

  function turn(m, number, feedback, chunks, opened, unregisteredId) {
    const id = m ? m.id : unregisteredId;
    const heading = h('h2', { class: 'turn-title' }, number ? 'Turn ' + number : 'Message ' + id,
      h('span', { class: 'meta' }, m ? ' · ' + (m.role || 'message') + ' · ' + when(m.created_at) : ' · not registered'));
    const body = [];
    if (m && m.prompt) {
      body.push(m.prompt.length > LONG_PROMPT
        ? h('details', { class: 'prompt' }, h('summary', {}, 'Prompt (' + m.prompt.length.toLocaleString('en') + ' characters)'), h('p', {}, m.prompt))
        : h('div', { class: 'prompt' }, h('span', { class: 'label' }, 'Prompt'), h('p', {}, m.prompt)));
    }
    if (m) {
      body.push(h('div', { class: 'answer' }, h('span', { class: 'label' }, 'Answer'),
        m.content ? h('p', {}, m.content) : h('p', { class: 'empty' }, 'No answer text (not sent, or forgotten after the retention period).')));
      const list = facts(m);
      if (list.length) {
        body.push(h('dl', { class: 'produced', 'aria-label': 'What produced this answer' },
          list.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))));
      }
    }
    body.push(h('p', { class: 'meta' }, 'id ' + id));
    const judgments = feedback.length
      ? h('ul', { class: 'judgments', 'aria-label': 'Feedback on turn ' + (number || id) }, feedback.map((f) => h('li', {}, judgmentItem(f, chunks))))
      : h('p', { class: 'meta' }, 'No feedback on this turn.');
    return h('li', {}, h('article', { class: 'turn' + (opened ? ' opened' : ''), id: 'turn-' + id, 'aria-current': opened ? 'true' : null },
      heading, body, h('h3', { class: 'meta' }, feedback.length ? feedback.length + ' feedback' : 'Feedback'), judgments));
  }

  /** One feedback or review inline: its verdict, who and when, reasons, comment, correction, and the chunk it judged. */
  function judgmentItem(f, chunks) {
    const [, icon, text] = judgment(f);
    const who = [f.source === 'reviewer' ? 'Review' : null, f.name !== 'reaction' ? f.name : null,
      f.author_id ? 'by ' + f.author_id : null, f.source_surface ? 'on ' + f.source_surface : null, when(f.created_at)].filter(Boolean);
    const chunk = f.content_id ? chunkLine(f.content_id, chunks.get(f.content_id)) : null;
    return h('div', { class: 'judgment ' + tone(f) },
      h('p', {}, h('span', { class: 'verdict-badge' }, icon ? h('span', { 'aria-hidden': 'true' }, icon + ' ') : null, text),
        h('span', { class: 'meta' }, ' ' + who.join(' · '))),
      chunk,
      f.reasons.length ? h('ul', { class: 'reasons', 'aria-label': 'Reasons' }, f.reasons.map((r) => h('li', { class: 'chip' }, r))) : null,
      f.comment ? h('p', { class: 'comment' }, '“' + f.comment + '”') : null,
      f.correction ? h('p', { class: 'comment' }, h('strong', {}, 'Correction: '), f.correction) : null);
  }

  function chunkLine(id, c) {
    const title = c && c.title ? c.title : id;
    const url = c && c.source_url && /^https?:\/\//i.test(c.source_url) ? c.source_url : null;
    const text = c && c.metadata && c.metadata.text;
    return h('div', { class: 'chunk' },
      h('p', {}, h('strong', {}, 'On the chunk: '),
        url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, title) : title,
        c && c.title ? h('span', { class: 'meta' }, ' (' + id + ')') : null),
      text ? h('blockquote', {}, text) : null);
  }

  // ---------------------------------------------------------------- search

  const search = { query: null, cursor: null, current: () => false };

  async function loadSearch(isCurrent, query) {
    const q = (query.get('q') || '').trim();
    $('#search-q').value = q;
    clear($('#search-problem'));
    clear($('#search-results'));
    $('#search-more').hidden = true;
    $('#search-summary').textContent = q ? '' : 'Type a few words and press Search.';
    if (!q) return true;
    Object.assign(search, { query: q, cursor: null, current: isCurrent, shown: 0 });
    return searchPage();
  }

  async function searchPage() {
    const { current } = search;
    const p = new URLSearchParams({ q: search.query, limit: String(SEARCH_PAGE) });
    if (search.cursor) p.set('cursor', search.cursor);
    $('#search-more').disabled = true;
    try {
      const page = await api('/v1/search', p);
      if (!current()) return false;
      for (const hit of page.items) $('#search-results').append(h('li', {}, hitCard(hit)));
      search.shown += page.items.length;
      search.cursor = page.next_cursor;
      $('#search-more').hidden = !page.next_cursor;
      $('#search-summary').textContent = search.shown
        ? search.shown + (page.next_cursor ? '+' : '') + ' found for “' + search.query + '”'
        : 'Nothing found for “' + search.query + '”.';
      return true;
    } catch (e) {
      if (!current()) return false;
      failedHere($('#search-problem'), e, 'The search');
      return false;
    } finally {
      $('#search-more').disabled = false;
    }
  }

  const FIELDS = { content: 'Answer', prompt: 'Prompt', comment: 'Comment', correction: 'Correction' };

  function hitCard(hit) {
    const target = conversationHash({ messageId: hit.message_id || hit.trace_id, threadId: hit.thread_id });
    const what = FIELDS[hit.field] || hit.field;
    return h('article', { class: 'hit', 'aria-label': what + ' ' + (hit.kind === 'feedback' ? 'of feedback ' : 'of message ') + hit.id },
      h('p', {}, h('span', { class: 'chip' }, what), h('span', { class: 'meta' }, ' ' + when(hit.created_at)
        + (hit.thread_id ? ' · thread ' + hit.thread_id : ''))),
      h('p', { class: 'comment' }, hit.excerpt),
      target ? h('a', { href: target }, 'Open the conversation') : h('p', { class: 'meta' }, 'Names no message or thread.'));
  }

  kit.addView('conversation', { label: 'Conversation', nav: 'main', role: 'viewer', load: (isCurrent, query) => loadConversation(isCurrent, query) });
  kit.addView('search', { label: 'Search', nav: 'main', role: 'viewer', load: (isCurrent, query) => loadSearch(isCurrent, query) });

  $('#conversation-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const thread = $('#conversation-thread').value.trim();
    if (thread) location.hash = conversationHash({ threadId: thread });
  });
  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('#search-q').value.trim();
    const hash = '#search?q=' + encodeURIComponent(q);
    if (location.hash !== hash) location.hash = hash;
    else guarded(() => loadSearch(() => location.hash === hash, new URLSearchParams({ q })));
  });
  $('#search-more').addEventListener('click', () => guarded(searchPage));
})();
