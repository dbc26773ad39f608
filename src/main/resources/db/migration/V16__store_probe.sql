-- One row that /readyz rewrites to learn whether a write can commit now (a write lock held by another process,
-- a full disk, a read-only server), not merely whether the database answers a query.
CREATE TABLE store_probe (id INTEGER PRIMARY KEY, probed_at BIGINT NOT NULL);
INSERT INTO store_probe (id, probed_at) VALUES (1, 0);
