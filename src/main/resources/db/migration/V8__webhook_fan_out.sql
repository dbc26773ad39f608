-- Fan-out after commit (bench/RESULTS.md, Webhooks): a feedback write adds one outbox row per event, however many
-- endpoints listen, and does not render the event's body. The row names the endpoints that want the event
-- (endpoint_ids, comma-separated) and the revision it reports (feedback_id, revision); payload stays '' until the
-- dispatcher fans it out into one webhook_deliveries row per endpoint, renders the body from that revision and stores
-- it (then endpoint_ids is NULL). Rows written before this migration were fanned out and rendered in their own
-- transaction: NULL endpoint_ids is right for them.
ALTER TABLE webhook_events ADD COLUMN endpoint_ids TEXT;
ALTER TABLE webhook_events ADD COLUMN feedback_id TEXT;
ALTER TABLE webhook_events ADD COLUMN revision INTEGER;
CREATE INDEX webhook_events_to_fan_out ON webhook_events (tenant_id, id) WHERE endpoint_ids IS NOT NULL;
