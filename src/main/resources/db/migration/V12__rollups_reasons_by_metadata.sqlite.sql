-- Rollups since this version also cross reasons and content ids with each metadata key (dim 'meta:<key>=<value>|reason'
-- and '...|content', insight/Contribution.java), and count a score as positive or negative through its name's config
-- (insight/Scales.java). Both follow from the feedback rows, which SQL alone cannot turn into rollups the way the Java
-- contribution does, so this marks every tenant for a recount: the migrator rebuilds the rollups of each marked tenant
-- from its live rows (store/RollupRecount) in the same transaction as this script, and unmarks it.
CREATE TABLE rollup_recounts_due (
    tenant_id TEXT NOT NULL PRIMARY KEY
);
INSERT INTO rollup_recounts_due (tenant_id) SELECT DISTINCT tenant_id FROM feedback;
-- SQLite only. Stats now read score moments per feedback name (means never mix scales), so the usual grouping is
-- (hour, label, name): with name right after label in the clustered key (V4 had agent_id there) that grouping is a
-- prefix of the key again, and SQLite sums rows as it scans them instead of sorting first. The table is recreated
-- empty, as the recount above refills every tenant's rollups.
DROP TABLE feedback_rollups;
CREATE TABLE feedback_rollups (
    tenant_id      TEXT             NOT NULL,
    dim            TEXT             NOT NULL,
    bucket_hour    BIGINT           NOT NULL,
    agent_id       TEXT             NOT NULL,
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
    PRIMARY KEY (tenant_id, dim, bucket_hour, dim_value, label, name, agent_id, source_surface)
) WITHOUT ROWID;
