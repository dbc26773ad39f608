-- What an OpenTelemetry span said about a message recorded from it (docs/context.md): its trace and span ids, the
-- end user, token counts, latency, the error it ended with and the finish reasons. NULL for registered messages.
ALTER TABLE messages ADD COLUMN trace_id TEXT;
ALTER TABLE messages ADD COLUMN span_id TEXT;
ALTER TABLE messages ADD COLUMN user_id TEXT;
ALTER TABLE messages ADD COLUMN input_tokens BIGINT;
ALTER TABLE messages ADD COLUMN output_tokens BIGINT;
ALTER TABLE messages ADD COLUMN latency_ms BIGINT;
ALTER TABLE messages ADD COLUMN error TEXT;
ALTER TABLE messages ADD COLUMN finish_reasons TEXT;
-- The retention sweep (FEEDBACK_HUB_CONTEXT_RETENTION) crosses tenants by age: the one index not led by tenant_id.
CREATE INDEX messages_traced_by_age ON messages (created_at) WHERE trace_id IS NOT NULL;
