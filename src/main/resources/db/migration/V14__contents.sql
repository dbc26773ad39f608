-- Retrieved chunks and documents (content_id on feedback), registered with PUT /v1/contents/{id} so that the
-- dashboard and exports can show a title and a link instead of an opaque id. Optional: feedback may name a
-- content that was never registered.
CREATE TABLE contents (
    tenant_id  TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    title      TEXT,
    source_url TEXT,
    metadata   TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
