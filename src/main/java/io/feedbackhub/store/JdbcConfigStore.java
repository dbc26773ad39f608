package io.feedbackhub.store;

import io.feedbackhub.core.CacheVersions.Topic;
import io.feedbackhub.core.ConfigStore;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.VersionedCache;
import io.feedbackhub.insight.Scales;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Feedback configs in SQLite or PostgreSQL. The config a write is checked against ({@link #get}) is cached under the
 * config version, raised by every change in its transaction: a change acts at once on the node that made it and within
 * a second on every other (docs/caching.md). The polarity the rollups count by is read inside each write transaction
 * instead ({@link #scales(Connection, String)}, RollupDeltas), never from this cache, so that it cannot disagree with
 * the recount a scale change runs.
 */
public final class JdbcConfigStore implements ConfigStore {
    /** Names with a config, and names without one (most feedback names), each bounded apart. */
    static final int MAX_CACHED = 10_000;
    private static final String COLUMNS = "name, type, labels, min_value, max_value, allowed_reasons, description, created_at, updated_at";
    private static final NamedSql PUT = NamedSql.of("""
            INSERT INTO feedback_configs (tenant_id, name, type, labels, min_value, max_value, allowed_reasons, description, created_at, updated_at)
            VALUES (:tenant, :name, :type, :labels, :min, :max, :allowed_reasons, :description, :now, :now)
            ON CONFLICT (tenant_id, name) DO UPDATE SET type = excluded.type, labels = excluded.labels,
                min_value = excluded.min_value, max_value = excluded.max_value, allowed_reasons = excluded.allowed_reasons,
                description = excluded.description, updated_at = excluded.updated_at
            RETURNING\s""" + COLUMNS);
    private static final NamedSql GET = NamedSql.of("SELECT " + COLUMNS + " FROM feedback_configs WHERE tenant_id = :tenant AND name = :name");
    private static final NamedSql LIST = NamedSql.of("SELECT " + COLUMNS + " FROM feedback_configs WHERE tenant_id = :tenant ORDER BY name");
    private static final NamedSql DELETE = NamedSql.of("DELETE FROM feedback_configs WHERE tenant_id = :tenant AND name = :name");

    private record ConfigRef(String tenantId, String name) {
    }

    private final Database database;
    private final JdbcCacheVersions versions;
    private final VersionedCache<ConfigRef, FeedbackConfig> byName;

    public JdbcConfigStore(Database database, JdbcCacheVersions versions) {
        this.database = database;
        this.versions = versions;
        this.byName = new VersionedCache<>(versions, Topic.FEEDBACK_CONFIGS, MAX_CACHED, MAX_CACHED);
    }

    @Override
    public FeedbackConfig put(String tenantId, FeedbackConfig c) {
        var params = Params.of("tenant", tenantId).and("name", c.name()).and("type", c.type().name().toLowerCase(Locale.ROOT))
                .and("labels", JsonColumns.list(c.labels())).and("min", c.min()).and("max", c.max())
                .and("allowed_reasons", JsonColumns.list(c.allowedReasons())).and("description", c.description())
                .and("now", c.updatedAt().toEpochMilli());
        return versions.changing(Topic.FEEDBACK_CONFIGS, conn -> {
            var before = one(conn, tenantId, c.name());
            FeedbackConfig stored;
            try (var s = PUT.prepare(conn, params); var rs = s.executeQuery()) {
                rs.next();
                stored = map(rs);
            }
            recountIfScaleChanged(conn, tenantId, c.name(), before, Optional.of(stored));
            return stored;
        }, stored -> true);
    }

    @Override
    public Optional<FeedbackConfig> get(String tenantId, String name) {
        return byName.get(new ConfigRef(tenantId, name), ref -> database.read(conn -> one(conn, ref.tenantId(), ref.name())));
    }

    @Override
    public List<FeedbackConfig> list(String tenantId) {
        return database.read(conn -> {
            try (var s = LIST.prepare(conn, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                var all = new ArrayList<FeedbackConfig>();
                while (rs.next()) {
                    all.add(map(rs));
                }
                return all;
            }
        });
    }

    /** The scales and polarity rule of a tenant's configs, read on the caller's connection (inside its transaction). */
    static Scales scales(Connection conn, String tenantId) throws SQLException {
        try (var s = LIST.prepare(conn, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
            var all = new ArrayList<FeedbackConfig>();
            while (rs.next()) {
                all.add(map(rs));
            }
            return new Scales(all);
        }
    }

    /** For readers outside a write: the tenant's configs as scales. */
    public Scales scales(String tenantId) {
        return new Scales(list(tenantId));
    }

    @Override
    public boolean delete(String tenantId, String name) {
        return versions.changing(Topic.FEEDBACK_CONFIGS, conn -> {
            var before = one(conn, tenantId, name);
            boolean deleted;
            try (var s = DELETE.prepare(conn, Params.of("tenant", tenantId).and("name", name))) {
                deleted = s.executeUpdate() == 1;
            }
            recountIfScaleChanged(conn, tenantId, name, before, Optional.empty());
            return deleted;
        }, Boolean::booleanValue);
    }

    /**
     * Which of a name's scores are positive or negative follows its scale (Scales), and the rollups count them at write
     * time: a config that changes the scale recounts the name's rollups in the same transaction, so stats never mix the
     * old rule with the new. Rare (an admin act) and O(feedback of that name); a change that keeps the scale costs nothing.
     */
    private void recountIfScaleChanged(Connection conn, String tenantId, String name, Optional<FeedbackConfig> before,
                                       Optional<FeedbackConfig> after) throws SQLException {
        if (!Scales.scaleOf(before).equals(Scales.scaleOf(after))) {
            RollupRecount.recount(conn, database.kind(), tenantId, name);
        }
    }

    private static Optional<FeedbackConfig> one(Connection conn, String tenantId, String name) throws SQLException {
        try (var s = GET.prepare(conn, Params.of("tenant", tenantId).and("name", name)); var rs = s.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static FeedbackConfig map(ResultSet rs) throws SQLException {
        return new FeedbackConfig(rs.getString("name"),
                FeedbackConfig.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
                JsonColumns.list(rs.getString("labels")),
                FeedbackRows.doubleOrNull(rs, "min_value"), FeedbackRows.doubleOrNull(rs, "max_value"),
                JsonColumns.list(rs.getString("allowed_reasons")), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
