-- Presigned feedback tokens of the LangSmith door (POST /compat/langsmith/feedback/tokens): whoever holds the
-- token's URL may record feedback of one key on one run until it expires, without an API key. The token is a
-- random UUID (what LangSmith's SDKs expect); only its SHA-256 is stored, so the table does not hold usable
-- tokens. Looked up by that hash alone (the URL names no tenant), hence the unique index beside the key.
CREATE TABLE langsmith_feedback_tokens (
    tenant_id      TEXT   NOT NULL,
    token_hash     TEXT   NOT NULL,
    run_id         TEXT   NOT NULL,
    feedback_key   TEXT   NOT NULL,
    created_by_key TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, token_hash)
);
CREATE UNIQUE INDEX langsmith_feedback_tokens_by_hash ON langsmith_feedback_tokens (token_hash);
CREATE INDEX langsmith_feedback_tokens_by_expiry ON langsmith_feedback_tokens (tenant_id, expires_at);
