package io.feedbackhub.store;

import io.feedbackhub.audit.AuditEntry;
import io.feedbackhub.audit.AuditQuery;
import io.feedbackhub.audit.AuditStore;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log in SQLite or PostgreSQL: one row per change, ids UUIDv7 so that id order is time order. */
public final class JdbcAuditStore implements AuditStore {
    private static final NamedSql APPEND = NamedSql.of("""
            INSERT INTO audit_log (id, tenant_id, at, actor_kind, actor_id, door, method, route, target_id, target, status,
                                   client_address, user_agent)
            VALUES (:id, :tenant, :at, :actor_kind, :actor_id, :door, :method, :route, :target_id, :target, :status,
                    :address, :user_agent)""");
    /** A filter left null matches every row (the {@code :x IS NULL OR} idiom keeps it one statement). */
    private static final NamedSql PAGE = NamedSql.of("""
            SELECT id, tenant_id, at, actor_kind, actor_id, door, method, route, target, status, client_address, user_agent
            FROM audit_log
            WHERE tenant_id = :tenant
              AND (CAST(:before AS TEXT) IS NULL OR id < :before)
              AND (CAST(:actor AS TEXT) IS NULL OR actor_id = :actor)
              AND (CAST(:method AS TEXT) IS NULL OR method = :method)
              AND (CAST(:route AS TEXT) IS NULL OR route = :route)
              AND (CAST(:target_id AS TEXT) IS NULL OR target_id = :target_id)
              AND (CAST(:since AS BIGINT) IS NULL OR at >= :since)
              AND (CAST(:until AS BIGINT) IS NULL OR at < :until)
            ORDER BY id DESC
            LIMIT :limit""");
    private static final NamedSql REMOVE_OLDER = NamedSql.of("DELETE FROM audit_log WHERE at < :cutoff");

    private final Database database;

    public JdbcAuditStore(Database database) {
        this.database = database;
    }

    @Override
    public void append(AuditEntry e) {
        database.inTransaction(c -> {
            try (var s = APPEND.prepare(c, Params.of("id", e.id()).and("tenant", e.tenantId()).and("at", e.at().toEpochMilli())
                    .and("actor_kind", e.actorKind()).and("actor_id", e.actorId()).and("door", e.door())
                    .and("method", e.method()).and("route", e.route()).and("target_id", e.targetId())
                    .and("target", JsonColumns.map(e.target())).and("status", e.status())
                    .and("address", e.clientAddress()).and("user_agent", e.userAgent()))) {
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> page(AuditQuery q) {
        return database.read(c -> {
            try (var s = PAGE.prepare(c, Params.of("tenant", q.tenantId()).and("before", q.beforeId()).and("actor", q.actorId())
                    .and("method", q.method()).and("route", q.route()).and("target_id", q.targetId())
                    .and("since", q.since() == null ? null : q.since().toEpochMilli())
                    .and("until", q.until() == null ? null : q.until().toEpochMilli()).and("limit", q.limit()));
                 var rs = s.executeQuery()) {
                var entries = new ArrayList<AuditEntry>();
                while (rs.next()) {
                    entries.add(entry(rs));
                }
                return entries;
            }
        });
    }

    @Override
    public int removeOlderThan(Instant cutoff) {
        return database.inTransaction(c -> {
            try (var s = REMOVE_OLDER.prepare(c, Params.of("cutoff", cutoff.toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("id"), rs.getString("tenant_id"), Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("actor_kind"), rs.getString("actor_id"), rs.getString("door"), rs.getString("method"),
                rs.getString("route"), new java.util.LinkedHashMap<>(JsonColumns.map(rs.getString("target"))),
                rs.getInt("status"), rs.getString("client_address"), rs.getString("user_agent"));
    }
}
