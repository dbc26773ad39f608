package io.feedbackhub.store;

import io.feedbackhub.core.CacheVersions.Topic;
import io.feedbackhub.core.VersionedCache;
import io.feedbackhub.settings.ProjectSettings;
import io.feedbackhub.settings.SettingsStore;
import io.feedbackhub.settings.ViewerComments;
import io.feedbackhub.store.NamedSql.Params;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Project settings in SQLite or PostgreSQL (migration V27). They are read on every request that may show comments,
 * so reads are cached under the project_settings version, raised by each change in its transaction: a change acts at
 * once on the node that made it and within a second on the others (JdbcCacheVersions).
 */
public final class JdbcSettingsStore implements SettingsStore {
    /** Far above the tenants of one hub; a miss (a tenant without a row) is cached as well. */
    private static final int MAX_CACHED = 10_000;
    private static final NamedSql GET = NamedSql.of("""
            SELECT strict_conversations, time_zone, viewer_comments, updated_at FROM project_settings WHERE tenant_id = :tenant""");
    private static final NamedSql PUT = NamedSql.of("""
            INSERT INTO project_settings (tenant_id, strict_conversations, time_zone, viewer_comments, updated_at)
            VALUES (:tenant, :strict, :zone, :comments, :now)
            ON CONFLICT (tenant_id) DO UPDATE SET strict_conversations = excluded.strict_conversations,
                time_zone = excluded.time_zone, viewer_comments = excluded.viewer_comments, updated_at = excluded.updated_at""");

    private static final RowMapper<ProjectSettings> SETTINGS = rs -> {
        int strict = rs.getInt("strict_conversations");
        Boolean strictConversations = rs.wasNull() ? null : strict != 0;
        var zone = rs.getString("time_zone");
        return new ProjectSettings(strictConversations, zone == null ? null : ZoneId.of(zone),
                ViewerComments.parse(rs.getString("viewer_comments")).orElseThrow(), Instant.ofEpochMilli(rs.getLong("updated_at")));
    };

    private final Database database;
    private final JdbcCacheVersions versions;
    private final VersionedCache<String, ProjectSettings> byTenant;

    public JdbcSettingsStore(Database database, JdbcCacheVersions versions) {
        this.database = database;
        this.versions = versions;
        this.byTenant = new VersionedCache<>(versions, Topic.PROJECT_SETTINGS, MAX_CACHED, MAX_CACHED);
    }

    @Override
    public Optional<ProjectSettings> get(String tenantId) {
        return byTenant.get(tenantId, tenant -> database.read(c -> {
            try (var s = GET.prepare(c, Params.of("tenant", tenant)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(SETTINGS.map(rs)) : Optional.<ProjectSettings>empty();
            }
        }));
    }

    @Override
    public void put(String tenantId, ProjectSettings settings) {
        var strict = settings.strictConversations() == null ? null : settings.strictConversations() ? 1 : 0;
        var params = Params.of("tenant", tenantId).and("strict", strict)
                .and("zone", settings.timeZone() == null ? null : settings.timeZone().getId())
                .and("comments", settings.viewerComments().wire()).and("now", settings.updatedAt().toEpochMilli());
        versions.changing(Topic.PROJECT_SETTINGS, c -> {
            try (var s = PUT.prepare(c, params)) {
                return s.executeUpdate();
            }
        }, rows -> true);
    }
}
