-- The outbox row names the endpoints that want the event (comma-separated) until the dispatcher has turned it into one
-- webhook_deliveries row per endpoint ("fan-out", after commit; then endpoint_ids is NULL). A feedback write thus adds
-- one outbox row however many endpoints listen (bench/RESULTS.md, Webhooks). Rows written before this migration were
-- fanned out in their own transaction: NULL is right for them.
ALTER TABLE webhook_events ADD COLUMN endpoint_ids TEXT;
CREATE INDEX webhook_events_to_fan_out ON webhook_events (tenant_id, id) WHERE endpoint_ids IS NOT NULL;
