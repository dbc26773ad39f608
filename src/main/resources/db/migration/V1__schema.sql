-- One schema for SQLite and PostgreSQL. tenant_id leads every key and index so that the data can be
-- sharded by tenant. Times are epoch milliseconds (BIGINT) so both databases compare them the same way.

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    tenant_id       TEXT   NOT NULL,
    id              TEXT   NOT NULL,
    role            TEXT   NOT NULL,
    name            TEXT,
    prefix          TEXT   NOT NULL,
    key_hash        TEXT   NOT NULL,
    allowed_origins TEXT   NOT NULL DEFAULT '[]',
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT,
    PRIMARY KEY (tenant_id, id)
);
-- Authentication looks a key up by the hash of the secret the caller presents.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_hash);

CREATE TABLE agents (
    tenant_id   TEXT   NOT NULL,
    id          TEXT   NOT NULL,
    name        TEXT,
    description TEXT,
    metadata    TEXT   NOT NULL DEFAULT '{}',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE threads (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    agent_id   TEXT,
    title      TEXT,
    metadata   TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX threads_by_agent ON threads (tenant_id, agent_id, id);

CREATE TABLE messages (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    thread_id  TEXT,
    role       TEXT,
    prompt     TEXT,
    content    TEXT,
    model      TEXT,
    metadata   TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX messages_by_thread ON messages (tenant_id, thread_id, id);

CREATE TABLE feedback (
    tenant_id          TEXT             NOT NULL,
    id                 TEXT             NOT NULL,
    slot_key           TEXT             NOT NULL,
    agent_id           TEXT,
    thread_id          TEXT,
    message_id         TEXT,
    turn_id            TEXT,
    trace_id           TEXT,
    content_id         TEXT,
    name               TEXT             NOT NULL,
    label              TEXT,
    score              DOUBLE PRECISION,
    comment            TEXT,
    reasons            TEXT             NOT NULL DEFAULT '[]',
    correction         TEXT,
    data               TEXT,
    query_category     TEXT,
    source_surface     TEXT,
    author_id          TEXT,
    source             TEXT             NOT NULL,
    client_feedback_id TEXT,
    metadata           TEXT             NOT NULL DEFAULT '{}',
    created_at         BIGINT           NOT NULL,
    updated_at         BIGINT           NOT NULL,
    revision           INTEGER          NOT NULL,
    deleted_at         BIGINT,
    created_by_key     TEXT,
    PRIMARY KEY (tenant_id, id)
);
-- One record per slot, across every node: the database, not process memory, enforces it.
CREATE UNIQUE INDEX feedback_by_slot ON feedback (tenant_id, slot_key);
CREATE INDEX feedback_by_thread ON feedback (tenant_id, thread_id, id);
CREATE INDEX feedback_by_message ON feedback (tenant_id, message_id, id);
CREATE INDEX feedback_by_trace ON feedback (tenant_id, trace_id, id);
CREATE INDEX feedback_by_agent ON feedback (tenant_id, agent_id, id);
CREATE INDEX feedback_by_author ON feedback (tenant_id, author_id, id);

-- Every superseded revision of a feedback record, so nothing a user said is silently lost.
CREATE TABLE feedback_history (
    tenant_id          TEXT             NOT NULL,
    id                 TEXT             NOT NULL,
    slot_key           TEXT             NOT NULL,
    agent_id           TEXT,
    thread_id          TEXT,
    message_id         TEXT,
    turn_id            TEXT,
    trace_id           TEXT,
    content_id         TEXT,
    name               TEXT             NOT NULL,
    label              TEXT,
    score              DOUBLE PRECISION,
    comment            TEXT,
    reasons            TEXT             NOT NULL,
    correction         TEXT,
    data               TEXT,
    query_category     TEXT,
    source_surface     TEXT,
    author_id          TEXT,
    source             TEXT             NOT NULL,
    client_feedback_id TEXT,
    metadata           TEXT             NOT NULL,
    created_at         BIGINT           NOT NULL,
    updated_at         BIGINT           NOT NULL,
    revision           INTEGER          NOT NULL,
    deleted_at         BIGINT,
    created_by_key     TEXT,
    PRIMARY KEY (tenant_id, id, revision)
);

-- client_feedback_id -> the feedback its first use wrote, and that request's fingerprint.
CREATE TABLE idempotency_keys (
    tenant_id          TEXT   NOT NULL,
    client_feedback_id TEXT   NOT NULL,
    feedback_id        TEXT   NOT NULL,
    fingerprint        TEXT   NOT NULL,
    created_at         BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, client_feedback_id)
);
CREATE INDEX idempotency_keys_by_feedback ON idempotency_keys (tenant_id, feedback_id);

CREATE TABLE feedback_configs (
    tenant_id       TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    type            TEXT   NOT NULL,
    labels          TEXT   NOT NULL DEFAULT '[]',
    min_value       DOUBLE PRECISION,
    max_value       DOUBLE PRECISION,
    allowed_reasons TEXT   NOT NULL DEFAULT '[]',
    description     TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
