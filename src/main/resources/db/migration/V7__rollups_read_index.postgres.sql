-- PostgreSQL only. A stats query sums tens of thousands of rollup rows of one tenant, dimension and hour range. Through
-- the primary key alone PostgreSQL visits the table for each of them and hashes the groups; this index holds the sums
-- as well (INCLUDE), in the order of SQLite's clustered key (V4: hour, dim_value, label, ...), so the same query is an
-- index-only scan that sums groups as it reads them: about three times faster at ten million feedback (bench/RESULTS.md).
-- The price: a count column in an index makes rollup updates non-HOT (both indexes get a new entry per update).
CREATE INDEX feedback_rollups_sums ON feedback_rollups (tenant_id, dim, bucket_hour, dim_value, label, agent_id, name, source_surface)
    INCLUDE (n, positive, negative, score_n, score_sum, score_sq, commented);
