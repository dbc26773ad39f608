-- Pairwise review queues (issue 16): an item of a pairwise queue is two answers to one prompt, message_id (its
-- first, on which the reviews are written) and other_message_id. A message is the first of at most one pair per queue,
-- so that a reviewer's reviews of two pairs never share a feedback slot.
ALTER TABLE review_items ADD COLUMN other_message_id TEXT;
-- a pair's first message within its queue, and an export's resolved label of an answer (labels=resolved)
CREATE INDEX review_items_by_message ON review_items (tenant_id, message_id);

-- Items added by a filter: over feedback (the keys of GET /v1/feedback, as webhooks store them) or over registered
-- messages, optionally sampled by hash(seed, target). A live feedback filter adds the targets of new matching
-- feedback in the write's own transaction (store.LiveReviewFilters).
CREATE TABLE review_filters (
    tenant_id   TEXT    NOT NULL,
    queue_id    TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    filter      TEXT    NOT NULL,
    sample_rate DOUBLE PRECISION,
    seed        TEXT,
    live        INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, id)
);
CREATE INDEX review_filters_live ON review_filters (tenant_id, live);
