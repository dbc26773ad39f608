-- Review queues (issue 16): a queue, its items, and who holds or finished which slot of an item. A review itself
-- is a feedback row (source 'reviewer'); these tables only distribute the work and record the adjudicated label.
CREATE TABLE review_queues (
    tenant_id          TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    form               TEXT    NOT NULL,
    reviewers_per_item INTEGER NOT NULL,
    blind              INTEGER NOT NULL,
    adjudicate         INTEGER NOT NULL,
    instructions       TEXT,
    lease_ms           BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE review_items (
    tenant_id     TEXT   NOT NULL,
    queue_id      TEXT   NOT NULL,
    id            TEXT   NOT NULL,
    target_key    TEXT   NOT NULL,
    message_id    TEXT,
    trace_id      TEXT,
    thread_id     TEXT,
    added_at      BIGINT NOT NULL,
    -- reviews submitted; kept here so that a claim passes over finished items without counting their assignments
    reviews_done  INTEGER NOT NULL DEFAULT 0,
    resolved_name  TEXT,
    resolved_label TEXT,
    resolved_by    TEXT,
    resolved_at    BIGINT,
    PRIMARY KEY (tenant_id, queue_id, id),
    UNIQUE (tenant_id, queue_id, target_key)
);
CREATE INDEX review_items_order ON review_items (tenant_id, queue_id, added_at, id);

-- state: 'leased' (until lease_expires_at), 'done' or 'skipped'. A row per reviewer and item: a reviewer holds at
-- most one slot of an item. A claim counts done rows and live leases under the item's row lock.
CREATE TABLE review_assignments (
    tenant_id        TEXT   NOT NULL,
    queue_id         TEXT   NOT NULL,
    item_id          TEXT   NOT NULL,
    reviewer_id      TEXT   NOT NULL,
    state            TEXT   NOT NULL,
    lease_expires_at BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, item_id, reviewer_id)
);
CREATE INDEX review_assignments_by_reviewer ON review_assignments (tenant_id, queue_id, reviewer_id, state);
