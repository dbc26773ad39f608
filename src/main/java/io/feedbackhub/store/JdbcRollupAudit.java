package io.feedbackhub.store;

import io.feedbackhub.insight.Contribution;
import io.feedbackhub.insight.RollupAudit;
import io.feedbackhub.insight.RollupCounts;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.store.NamedSql.Params;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The consistency check of the rollups: O(feedback rows), so an operator's tool, never on a hot path. */
public final class JdbcRollupAudit implements RollupAudit {
    private static final NamedSql LIVE_PAGE = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL AND id > :after ORDER BY id LIMIT 1000");
    private static final NamedSql STORED = NamedSql.of("""
            SELECT dim, bucket_hour, agent_id, name, label, source_surface, dim_value,
                   n, positive, negative, score_n, score_sum, score_sq, commented
            FROM feedback_rollups WHERE tenant_id = :tenant""");
    private static final double TOLERANCE = 1e-6;

    private final Database database;

    public JdbcRollupAudit(Database database) {
        this.database = database;
    }

    @Override
    public List<String> mismatches(String tenantId) {
        var recounted = new HashMap<RollupKey, RollupCounts>();
        String after = "";
        while (after != null) {
            var from = after;
            after = database.read(c -> {
                String last = null;
                try (var s = LIVE_PAGE.prepare(c, Params.of("tenant", tenantId).and("after", from)); var rs = s.executeQuery()) {
                    while (rs.next()) {
                        var f = FeedbackRows.map(rs);
                        Contribution.of(f).forEach((k, v) -> recounted.merge(k, v, RollupCounts::plus));
                        last = f.id();
                    }
                }
                return last;
            });
        }
        Map<RollupKey, RollupCounts> stored = database.read(c -> {
            var rows = new HashMap<RollupKey, RollupCounts>();
            try (var s = STORED.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                while (rs.next()) {
                    var key = new RollupKey(tenantId, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7));
                    rows.put(key, new RollupCounts(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                            rs.getDouble(12), rs.getDouble(13), rs.getLong(14)));
                }
            }
            return rows;
        });
        var differences = new ArrayList<String>();
        var keys = new TreeSet<RollupKey>(recounted.keySet());
        keys.addAll(stored.keySet());
        for (var key : keys) {
            var want = recounted.getOrDefault(key, RollupCounts.ZERO);
            var got = stored.getOrDefault(key, RollupCounts.ZERO);
            if (!same(want, got)) {
                differences.add(key + ": stored " + got + ", recounted " + want);
            }
        }
        return differences;
    }

    private static boolean same(RollupCounts a, RollupCounts b) {
        return a.n() == b.n() && a.positive() == b.positive() && a.negative() == b.negative() && a.scoreN() == b.scoreN()
                && a.commented() == b.commented() && Math.abs(a.scoreSum() - b.scoreSum()) < TOLERANCE
                && Math.abs(a.scoreSq() - b.scoreSq()) < TOLERANCE;
    }
}
