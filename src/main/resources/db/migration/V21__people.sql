-- Teams (issue 15): the people of a tenant, their server-side sessions and invitations by link. A tenant is one
-- project (docs/people.md says why). Sessions and invitations are found by the SHA-256 of their token, never the
-- token; a password by its Argon2id hash (PHC string), null for a person without a local password (single sign-on).
-- A removed person is kept for the record (removed_at) and frees their email for a new invitation.
CREATE TABLE people (
    tenant_id     TEXT   NOT NULL,
    id            TEXT   NOT NULL,
    email         TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    password_hash TEXT,
    role          TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    removed_at    BIGINT,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX people_live_by_email ON people (tenant_id, email) WHERE removed_at IS NULL;
CREATE INDEX people_by_email ON people (email);

CREATE TABLE sessions (
    token_hash       TEXT   NOT NULL PRIMARY KEY,
    id               TEXT   NOT NULL,
    tenant_id        TEXT   NOT NULL,
    person_id        TEXT   NOT NULL,
    csrf_token       TEXT   NOT NULL,
    created_from     TEXT,
    created_at       BIGINT NOT NULL,
    last_seen_at     BIGINT NOT NULL,
    idle_expires_at  BIGINT NOT NULL,
    absolute_expires_at BIGINT NOT NULL,
    revoked_at       BIGINT
);
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_person ON sessions (tenant_id, person_id);

-- email is null for the first start's owner invitation, whose owner gives their email on accepting it
CREATE TABLE invitations (
    token_hash  TEXT   NOT NULL PRIMARY KEY,
    tenant_id   TEXT   NOT NULL,
    email       TEXT,
    role        TEXT   NOT NULL,
    invited_by  TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT
);
