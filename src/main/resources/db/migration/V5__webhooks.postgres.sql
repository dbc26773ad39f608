-- Webhooks and alert rules (docs/webhooks.md). Times are epoch milliseconds, flags are 0/1 integers, lists and
-- objects are JSON text. V5__webhooks.sqlite.sql and V5__webhooks.postgres.sql differ only in WITHOUT ROWID: the outbox
-- is written in every feedback transaction, so on SQLite its rows are clustered by their key (one b-tree per row
-- instead of a rowid table plus a key index).

-- Where a tenant wants to be told, about what, and the secrets that sign what it is told. Secrets are kept
-- readable because every delivery is signed with them; they are never listed or logged.
CREATE TABLE webhook_endpoints (
    tenant_id                  TEXT    NOT NULL,
    id                         TEXT    NOT NULL,
    url                        TEXT    NOT NULL,
    description                TEXT,
    events                     TEXT    NOT NULL, -- JSON array of event types
    feedback_filter            TEXT    NOT NULL DEFAULT '{}', -- JSON object, the keys of GET /v1/feedback
    secret                     TEXT    NOT NULL,
    previous_secret            TEXT,             -- still signs until previous_secret_expires_at (rotation)
    previous_secret_expires_at BIGINT,
    secret_rotated_at          BIGINT,
    enabled                    INTEGER NOT NULL,
    disabled_at                BIGINT,
    disabled_reason            TEXT,
    failing_since              BIGINT,           -- first failed attempt since the last success
    created_at                 BIGINT  NOT NULL,
    updated_at                 BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The outbox: one row per event that at least one endpoint wants, written in the transaction of the change it
-- reports. author_id lets an author purge erase the events about that author's feedback too.
CREATE TABLE webhook_events (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL, -- UUIDv7 (time-ordered); sent as webhook-id
    type       TEXT   NOT NULL,
    author_id  TEXT,
    payload    TEXT   NOT NULL, -- the exact body every attempt sends
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_events_by_author ON webhook_events (tenant_id, author_id) WHERE author_id IS NOT NULL;

-- One event for one endpoint, and every attempt to deliver it. A node claims due rows by moving next_attempt_at
-- past the end of its attempt (a lease) under a fresh claim_token; a node that dies leaves the row due again.
-- The key serves the deliveries listing of an endpoint (newest event first) and every update; only pending rows are
-- in the second index, which the dispatcher claims from.
CREATE TABLE webhook_deliveries (
    tenant_id       TEXT    NOT NULL,
    endpoint_id     TEXT    NOT NULL,
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    status          TEXT    NOT NULL, -- pending | delivered | failed
    attempt_count   INTEGER NOT NULL, -- attempts of the current schedule (a re-send starts a new one)
    next_attempt_at BIGINT  NOT NULL,
    claim_token     TEXT,
    attempts        TEXT    NOT NULL DEFAULT '[]', -- JSON array: at, status_code, error, duration_ms
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (tenant_id, endpoint_id, next_attempt_at) WHERE status = 'pending';

-- Alert rules on the rollups: a condition on a rate or a mean over a sliding window of whole hours.
CREATE TABLE alert_rules (
    tenant_id          TEXT             NOT NULL,
    id                 TEXT             NOT NULL,
    description        TEXT,
    feedback_filter    TEXT             NOT NULL DEFAULT '{}',
    window_seconds     BIGINT           NOT NULL,
    min_count          BIGINT           NOT NULL,
    condition_text     TEXT             NOT NULL, -- e.g. rate(thumbs_down) > 0.2
    compare            TEXT             NOT NULL, -- estimate | lower_bound | upper_bound
    enabled            INTEGER          NOT NULL,
    state              TEXT             NOT NULL, -- ok | firing
    state_since        BIGINT           NOT NULL,
    last_evaluated_at  BIGINT,
    last_count         BIGINT,
    last_value         DOUBLE PRECISION,
    last_low           DOUBLE PRECISION,
    last_high          DOUBLE PRECISION,
    next_evaluation_at BIGINT           NOT NULL,
    created_at         BIGINT           NOT NULL,
    updated_at         BIGINT           NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Every time a rule fired or resolved, with what it saw.
CREATE TABLE alert_history (
    tenant_id   TEXT             NOT NULL,
    rule_id     TEXT             NOT NULL,
    id          TEXT             NOT NULL, -- UUIDv7, also the id of the webhook event it sent
    state       TEXT             NOT NULL, -- firing | resolved
    changed_at  BIGINT           NOT NULL,
    n           BIGINT           NOT NULL,
    value       DOUBLE PRECISION,
    low         DOUBLE PRECISION,
    high        DOUBLE PRECISION,
    window_from BIGINT           NOT NULL,
    window_to   BIGINT           NOT NULL,
    PRIMARY KEY (tenant_id, rule_id, id)
);
