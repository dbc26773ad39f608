-- One counter per kind of data that nodes cache (API keys, feedback configs), raised in the transaction that changes
-- that data. Every node reads the counters a few times a second and drops what it cached under an older value, so a
-- revoked key or a changed config acts on every node within a second without a database read per request.
CREATE TABLE cache_versions (topic TEXT PRIMARY KEY, version BIGINT NOT NULL);
INSERT INTO cache_versions (topic, version) VALUES ('api_keys', 0);
INSERT INTO cache_versions (topic, version) VALUES ('feedback_configs', 0);
