-- Rollups since this version also cross reasons and content ids with each metadata key (dim 'meta:<key>=<value>|reason'
-- and '...|content', insight/Contribution.java), and count a score as positive or negative through its name's config
-- (insight/Scales.java). Both follow from the feedback rows, which SQL alone cannot turn into rollups the way the Java
-- contribution does, so this marks every tenant for a recount: the migrator rebuilds the rollups of each marked tenant
-- from its live rows (store/RollupRecount) in the same transaction as this script, and unmarks it.
CREATE TABLE rollup_recounts_due (
    tenant_id TEXT NOT NULL PRIMARY KEY
);
INSERT INTO rollup_recounts_due (tenant_id) SELECT DISTINCT tenant_id FROM feedback;
