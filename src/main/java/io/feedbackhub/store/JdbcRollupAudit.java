package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.insight.Contribution;
import io.feedbackhub.insight.RollupAudit;
import io.feedbackhub.insight.RollupCounts;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The consistency check of the rollups: O(feedback rows) time, so an operator's tool, never on a hot path. Memory is
 * bounded by one hour of rollups, not by the tenant: the live rows (by creation time) and the stored rollup rows (by
 * hour) come as two sorted streams, sorted by the database (which spills to disk where needed), and are compared one
 * hour at a time, as every rollup row belongs to the hour its feedback was created in.
 */
public final class JdbcRollupAudit implements RollupAudit {
    private static final NamedSql LIVE_BY_TIME = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL ORDER BY created_at");
    private static final NamedSql STORED_BY_HOUR = NamedSql.of("""
            SELECT dim, bucket_hour, agent_id, name, label, source_surface, dim_value,
                   n, positive, negative, score_n, score_sum, score_sq, commented
            FROM feedback_rollups WHERE tenant_id = :tenant ORDER BY bucket_hour""");
    /** Both streams are read in one transaction, so on PostgreSQL they show the same moment despite concurrent writes. */
    private static final String POSTGRES_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    /** Rows per round trip; pgjdbc reads a whole result into memory unless told a fetch size (in a transaction). */
    private static final int FETCH_SIZE = 1000;
    private static final double TOLERANCE = 1e-6;

    private final Database database;

    public JdbcRollupAudit(Database database) {
        this.database = database;
    }

    @Override
    public List<String> mismatches(String tenantId) {
        if (database.kind() != DatabaseKind.POSTGRES) {
            // auto-commit: SQLite's transactions here begin IMMEDIATE, taking the write lock; one connection's open
            // statements share one read snapshot (WAL) anyway
            return database.read(c -> compare(c, tenantId));
        }
        return database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(POSTGRES_SNAPSHOT);
            }
            return compare(c, tenantId);
        });
    }

    private static List<String> compare(Connection c, String tenantId) throws SQLException {
        var params = Params.of("tenant", tenantId);
        var scales = JdbcConfigStore.scales(c, tenantId);
        try (var liveQuery = LIVE_BY_TIME.prepare(c, params); var storedQuery = STORED_BY_HOUR.prepare(c, params)) {
            liveQuery.setFetchSize(FETCH_SIZE);
            storedQuery.setFetchSize(FETCH_SIZE);
            try (var live = liveQuery.executeQuery(); var stored = storedQuery.executeQuery()) {
                var differences = new ArrayList<String>();
                var nextLive = nextLive(live);
                var nextStored = nextStored(stored, tenantId);
                while (nextLive != null || nextStored != null) {
                    long hour = Math.min(nextLive == null ? Long.MAX_VALUE : Contribution.bucketHour(nextLive),
                            nextStored == null ? Long.MAX_VALUE : nextStored.key().bucketHour());
                    var recounted = new HashMap<RollupKey, RollupCounts>();
                    while (nextLive != null && Contribution.bucketHour(nextLive) == hour) {
                        Contribution.of(nextLive, scales).forEach((k, v) -> recounted.merge(k, v, RollupCounts::plus));
                        nextLive = nextLive(live);
                    }
                    var storedOfHour = new HashMap<RollupKey, RollupCounts>();
                    while (nextStored != null && nextStored.key().bucketHour() == hour) {
                        storedOfHour.put(nextStored.key(), nextStored.counts());
                        nextStored = nextStored(stored, tenantId);
                    }
                    addDifferences(recounted, storedOfHour, differences);
                }
                return differences;
            }
        }
    }

    private static void addDifferences(Map<RollupKey, RollupCounts> recounted, Map<RollupKey, RollupCounts> stored,
                                       List<String> differences) {
        var keys = new TreeSet<>(recounted.keySet());
        keys.addAll(stored.keySet());
        for (var key : keys) {
            var want = recounted.getOrDefault(key, RollupCounts.ZERO);
            var got = stored.getOrDefault(key, RollupCounts.ZERO);
            if (!same(want, got)) {
                differences.add(key + ": stored " + got + ", recounted " + want);
            }
        }
    }

    private static Feedback nextLive(ResultSet rs) throws SQLException {
        return rs.next() ? FeedbackRows.map(rs) : null;
    }

    private static StoredRow nextStored(ResultSet rs, String tenantId) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        var key = new RollupKey(tenantId, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
        return new StoredRow(key, new RollupCounts(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                rs.getDouble(12), rs.getDouble(13), rs.getLong(14)));
    }

    private static boolean same(RollupCounts a, RollupCounts b) {
        return a.n() == b.n() && a.positive() == b.positive() && a.negative() == b.negative() && a.scoreN() == b.scoreN()
                && a.commented() == b.commented() && Math.abs(a.scoreSum() - b.scoreSum()) < TOLERANCE
                && Math.abs(a.scoreSq() - b.scoreSq()) < TOLERANCE;
    }

    private record StoredRow(RollupKey key, RollupCounts counts) {
    }
}
