-- Pre-aggregated feedback per UTC hour, kept up to date in the same transaction as every write, so that a
-- stats query reads O(hours x groups) rows instead of O(feedback). See insight/Contribution.java.
CREATE TABLE feedback_rollups (
    tenant_id      TEXT             NOT NULL,
    dim            TEXT             NOT NULL, -- '' (each feedback once), 'reason', 'content', 'meta:<key>'
    bucket_hour    BIGINT           NOT NULL, -- hours since 1970-01-01T00:00Z of created_at
    agent_id       TEXT             NOT NULL, -- '' when absent, likewise below
    name           TEXT             NOT NULL,
    label          TEXT             NOT NULL,
    source_surface TEXT             NOT NULL,
    dim_value      TEXT             NOT NULL,
    n              BIGINT           NOT NULL,
    positive       BIGINT           NOT NULL,
    negative       BIGINT           NOT NULL,
    score_n        BIGINT           NOT NULL,
    score_sum      DOUBLE PRECISION NOT NULL,
    score_sq       DOUBLE PRECISION NOT NULL,
    commented      BIGINT           NOT NULL,
    PRIMARY KEY (tenant_id, dim, bucket_hour, agent_id, name, label, source_surface, dim_value)
);
