package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.insight.Contribution;
import io.feedbackhub.insight.RollupCounts;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds rollups from the live feedback rows, on the caller's transaction: all of a tenant's (after a migration
 * that adds rollup dimensions) or those of one feedback name (after its config changed its scale, and so which of
 * its scores are positive or negative). O(feedback rows recounted); memory holds one hour of rollups.
 */
final class RollupRecount {
    /** Conflicts with the writers' ROW EXCLUSIVE (RollupDeltas) and with itself: no write interleaves with a recount. */
    private static final String POSTGRES_LOCK = "LOCK TABLE feedback_rollups IN SHARE ROW EXCLUSIVE MODE";
    private static final NamedSql DELETE_TENANT = NamedSql.of("DELETE FROM feedback_rollups WHERE tenant_id = :tenant");
    private static final NamedSql DELETE_NAME = NamedSql.of("DELETE FROM feedback_rollups WHERE tenant_id = :tenant AND name = :name");
    private static final NamedSql LIVE_OF_TENANT = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL ORDER BY created_at");
    private static final NamedSql LIVE_OF_NAME = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND name = :name AND deleted_at IS NULL ORDER BY created_at");
    private static final int FETCH_SIZE = 1000;

    private RollupRecount() {
    }

    /** Recounts the rollups of {@code name} in the tenant, or all of the tenant's when {@code name} is null. */
    static void recount(Connection c, DatabaseKind kind, String tenantId, String name) throws SQLException {
        if (kind == DatabaseKind.POSTGRES) {
            try (var lock = c.createStatement()) {
                lock.execute(POSTGRES_LOCK);
            }
        }
        var params = Params.of("tenant", tenantId);
        if (name != null) {
            params.and("name", name);
        }
        try (var delete = (name == null ? DELETE_TENANT : DELETE_NAME).prepare(c, params)) {
            delete.executeUpdate();
        }
        var scales = JdbcConfigStore.scales(c, tenantId);
        try (var query = (name == null ? LIVE_OF_TENANT : LIVE_OF_NAME).prepare(c, params)) {
            query.setFetchSize(FETCH_SIZE);
            try (var rs = query.executeQuery()) {
                Map<RollupKey, RollupCounts> hour = new HashMap<>();
                long current = Long.MIN_VALUE;
                while (rs.next()) {
                    Feedback f = FeedbackRows.map(rs);
                    long h = Contribution.bucketHour(f);
                    if (h != current) {
                        RollupDeltas.write(c, new java.util.TreeMap<>(hour));
                        hour.clear();
                        current = h;
                    }
                    Contribution.of(f, scales).forEach((k, v) -> hour.merge(k, v, RollupCounts::plus));
                }
                RollupDeltas.write(c, new java.util.TreeMap<>(hour));
            }
        }
    }
}
