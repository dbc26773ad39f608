-- The audit log (io.feedbackhub.audit): who changed what a tenant is governed by, and every delete and purge. Rows are
-- appended and, after the retention, deleted by age; nothing updates them. target_id is the route's first path
-- parameter (the id a reader searches by); target keeps them all as JSON.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    door TEXT NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    target_id TEXT,
    target TEXT NOT NULL,
    status INTEGER NOT NULL,
    client_address TEXT,
    user_agent TEXT
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id);
CREATE INDEX audit_log_by_age ON audit_log (at);
