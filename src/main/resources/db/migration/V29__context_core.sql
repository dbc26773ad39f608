-- Context from every tracing door (docs/context.md). When a traced call started and ended: the vendors' SDKs send the
-- start in the create and the end in the update, so both are kept to compute trace.latency_ms whichever came first.
ALTER TABLE messages ADD COLUMN started_at BIGINT;
ALTER TABLE messages ADD COLUMN ended_at BIGINT;
-- Purge by end user finds the messages traced for them without a scan.
CREATE INDEX messages_by_user ON messages (tenant_id, user_id) WHERE user_id IS NOT NULL;
-- The text a retrieved chunk said (from a retrieval span), bounded like a span attribute; forgotten by the context
-- retention sweep like the messages' text.
ALTER TABLE contents ADD COLUMN text TEXT;
CREATE INDEX contents_with_text_by_age ON contents (updated_at) WHERE text IS NOT NULL;
-- A tenant's context settings (GET/PUT /v1/settings/context): keep-if-judged sampling and its window.
CREATE TABLE context_settings (
    tenant_id       TEXT    NOT NULL PRIMARY KEY,
    keep_if_judged  BOOLEAN NOT NULL,
    window_seconds  BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
-- Keep-if-judged's buffer: one row per trace recorded while the setting is on and not judged yet. Its messages are in
-- messages (trace_id); the row says since when and how many bytes of text they hold, so that the sweep can drop an
-- unjudged trace after the window and a tenant's buffer stays under its row and byte caps (oldest dropped first).
CREATE TABLE context_buffer (
    tenant_id   TEXT   NOT NULL,
    trace_id    TEXT   NOT NULL,
    bytes       BIGINT NOT NULL,
    buffered_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, trace_id)
);
CREATE INDEX context_buffer_by_age ON context_buffer (tenant_id, buffered_at);
-- Keep-if-judged drops a trace's messages, and asks whether feedback names one of them, by trace id.
CREATE INDEX messages_by_trace ON messages (tenant_id, trace_id) WHERE trace_id IS NOT NULL;
