-- Project settings (issue 15), one row per tenant; a tenant without a row has the defaults. strict_conversations is
-- null while the tenant follows the node-wide FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS (1 strict, 0 not), time_zone
-- null while it is UTC. Cached on every node under the project_settings version, raised with each change.
CREATE TABLE project_settings (
    tenant_id            TEXT    NOT NULL PRIMARY KEY,
    strict_conversations INTEGER,
    time_zone            TEXT,
    viewer_comments      TEXT    NOT NULL,
    updated_at           BIGINT  NOT NULL
);
INSERT INTO cache_versions (topic, version) VALUES ('project_settings', 0);

-- "Your sessions" shows from which browser each was opened.
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
-- The hourly clean-up deletes invitations past their expiry (and ended sessions, a small table read in full).
CREATE INDEX invitations_by_expiry ON invitations (expires_at);
