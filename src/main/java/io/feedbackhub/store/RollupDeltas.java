package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.insight.Contribution;
import io.feedbackhub.insight.RollupCounts;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.insight.Scales;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollup changes of one write transaction, merged in memory and written just before commit: a batch of
 * a hundred votes on the same agent and hour touches one row once, not a hundred times.
 * <p>
 * Polarity depends on the tenant's feedback configs, so the contributions are computed at flush, with the configs
 * read in this transaction after taking the rollups' ROW EXCLUSIVE lock on PostgreSQL. A config change takes the
 * conflicting SHARE ROW EXCLUSIVE lock before it recounts its name (RollupRecount): a write either commits before the
 * recount reads, or reads the new config after the recount commits. SQLite has one writer at a time.
 */
final class RollupDeltas {
    private static final NamedSql ADD = NamedSql.of("""
            INSERT INTO feedback_rollups (tenant_id, dim, bucket_hour, agent_id, name, label, source_surface, dim_value,
                n, positive, negative, score_n, score_sum, score_sq, commented)
            VALUES (:tenant, :dim, :hour, :agent, :name, :label, :surface, :value,
                :n, :positive, :negative, :score_n, :score_sum, :score_sq, :commented)
            ON CONFLICT (tenant_id, dim, bucket_hour, agent_id, name, label, source_surface, dim_value) DO UPDATE SET
                n = feedback_rollups.n + excluded.n,
                positive = feedback_rollups.positive + excluded.positive,
                negative = feedback_rollups.negative + excluded.negative,
                score_n = feedback_rollups.score_n + excluded.score_n,
                score_sum = feedback_rollups.score_sum + excluded.score_sum,
                score_sq = feedback_rollups.score_sq + excluded.score_sq,
                commented = feedback_rollups.commented + excluded.commented""");
    /**
     * A row no live feedback counts in any more goes: it would keep the dimension values of what was deleted or
     * purged (a metadata value, a reason, a content id) visible with zero counts. n alone decides, as it counts the
     * feedback in the row; the score sums of a row may end a rounding error away from zero.
     */
    private static final NamedSql DELETE_IF_EMPTY = NamedSql.of("""
            DELETE FROM feedback_rollups
            WHERE tenant_id = :tenant AND dim = :dim AND bucket_hour = :hour AND agent_id = :agent AND name = :name
              AND label = :label AND source_surface = :surface AND dim_value = :value AND n = 0""");

    static final String POSTGRES_WRITER_LOCK = "LOCK TABLE feedback_rollups IN ROW EXCLUSIVE MODE";

    private final DatabaseKind kind;
    private final List<Feedback[]> changes = new ArrayList<>();
    /** Sorted, so that concurrent writers on PostgreSQL lock rollup rows in one order. */
    private final Map<RollupKey, RollupCounts> pending = new TreeMap<>();

    RollupDeltas(DatabaseKind kind) {
        this.kind = kind;
    }

    /** The record went from {@code before} to {@code after}; either may be null (none) or a tombstone. */
    void change(Feedback before, Feedback after) {
        changes.add(new Feedback[]{before, after});
    }

    void flush(Connection connection) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        if (kind == DatabaseKind.POSTGRES) {
            try (var lock = connection.createStatement()) {
                lock.execute(POSTGRES_WRITER_LOCK);
            }
        }
        var scales = new HashMap<String, Scales>();
        for (var change : changes) {
            for (int i = 0; i < 2; i++) {
                var f = change[i];
                if (f == null || f.deleted()) {
                    continue;
                }
                var tenantScales = scales.get(f.tenantId());
                if (tenantScales == null) {
                    tenantScales = JdbcConfigStore.scales(connection, f.tenantId());
                    scales.put(f.tenantId(), tenantScales);
                }
                boolean out = i == 0;
                Contribution.of(f, tenantScales).forEach((key, counts) -> pending.merge(key, out ? counts.negate() : counts, RollupCounts::plus));
            }
        }
        changes.clear();
        write(connection, pending);
        pending.clear();
    }

    /** Adds the counts to the rollups, deleting the rows that fall to zero. */
    static void write(Connection connection, Map<RollupKey, RollupCounts> pending) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (var add = connection.prepareStatement(ADD.jdbcSql());
             var deleteIfEmpty = connection.prepareStatement(DELETE_IF_EMPTY.jdbcSql())) {
            boolean anyAdded = false;
            boolean anyShrunk = false;
            for (var entry : pending.entrySet()) {
                var k = entry.getKey();
                var c = entry.getValue();
                if (c.isZero()) {
                    continue;
                }
                var params = key(k).and("n", c.n()).and("positive", c.positive()).and("negative", c.negative())
                        .and("score_n", c.scoreN()).and("score_sum", c.scoreSum()).and("score_sq", c.scoreSq())
                        .and("commented", c.commented());
                ADD.bind(add, params);
                add.addBatch();
                anyAdded = true;
                if (c.n() < 0) {
                    DELETE_IF_EMPTY.bind(deleteIfEmpty, params);
                    deleteIfEmpty.addBatch();
                    anyShrunk = true;
                }
            }
            if (anyAdded) {
                add.executeBatch();
            }
            // after the adds, which lock the rows on PostgreSQL: no other writer can change them before this commits
            if (anyShrunk) {
                deleteIfEmpty.executeBatch();
            }
        }
    }

    private static Params key(RollupKey k) {
        return Params.of("tenant", k.tenantId()).and("dim", k.dim()).and("hour", k.bucketHour()).and("agent", k.agentId())
                .and("name", k.name()).and("label", k.label()).and("surface", k.sourceSurface()).and("value", k.dimValue());
    }
}
