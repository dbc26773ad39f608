package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Version 10's Java step (see V10__slot_identity_and_inherited_context.sql), run by {@link Migrator} in its
 * transaction, after every script of the start, so that it reads rows with this version's columns. One pass over the
 * feedback in (tenant, id) pages: each record inherits its registry context and gets its slot key under the new rule;
 * then the records now sharing a slot are merged, the latest (by updated_at, then id) staying current and every
 * version of the others, history included, becoming its history in time order; idempotency keys follow to it. Last,
 * the unique slot index is rebuilt and every tenant is marked for the migrator's rollup recount from the live rows,
 * through the same contribution rule as every write. O(feedback) once, at the upgrade.
 */
final class SlotIdentityStep implements Migrator.JavaStep {
    private static final int PAGE = 1000;

    private static final NamedSql PAGE_OF_FEEDBACK = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id > :tenant OR (tenant_id = :tenant AND id > :id) ORDER BY tenant_id, id LIMIT :limit");
    private static final NamedSql REKEY = NamedSql.of("""
            UPDATE feedback SET slot_key = :slot_key, agent_id = :agent_id, thread_id = :thread_id, metadata = :metadata,
                inherited = :inherited
            WHERE tenant_id = :tenant_id AND id = :id""");
    private static final NamedSql DUPLICATES = NamedSql.of("""
            SELECT tenant_id, slot_key FROM feedback GROUP BY tenant_id, slot_key HAVING COUNT(*) > 1 ORDER BY tenant_id, slot_key""");
    private static final NamedSql SLOT_MEMBERS = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND slot_key = :slot");
    private static final NamedSql HISTORY_OF = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback_history WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql DELETE_HISTORY_OF = NamedSql.of("DELETE FROM feedback_history WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql DELETE_FEEDBACK = NamedSql.of("DELETE FROM feedback WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql INSERT_HISTORY = NamedSql.of("INSERT INTO feedback_history (" + FeedbackRows.COLUMNS
            + ") VALUES (" + FeedbackRows.VALUES + ")");
    private static final NamedSql SET_REVISION = NamedSql.of("UPDATE feedback SET revision = :revision WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql REPOINT_KEYS = NamedSql.of("""
            UPDATE idempotency_keys SET feedback_id = :winner WHERE tenant_id = :tenant AND feedback_id = :loser""");
    private static final NamedSql HISTORY_SLOT_KEYS = NamedSql.of("""
            UPDATE feedback_history SET slot_key = (SELECT f.slot_key FROM feedback f
                WHERE f.tenant_id = feedback_history.tenant_id AND f.id = feedback_history.id)
            WHERE EXISTS (SELECT 1 FROM feedback f WHERE f.tenant_id = feedback_history.tenant_id AND f.id = feedback_history.id)""");
    private static final String MARK_FOR_RECOUNT = """
            INSERT INTO rollup_recounts_due (tenant_id)
            SELECT tenant_id FROM (SELECT tenant_id FROM feedback UNION SELECT tenant_id FROM feedback_rollups) AS tenants
            WHERE tenant_id NOT IN (SELECT tenant_id FROM rollup_recounts_due)""";

    @Override
    public void run(Connection c, DatabaseKind kind) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("DROP INDEX feedback_by_slot");
            s.execute("CREATE INDEX feedback_slot_merge ON feedback (tenant_id, slot_key)");
        }
        rekey(c, kind);
        mergeDuplicates(c);
        try (var s = c.createStatement()) {
            s.executeUpdate(HISTORY_SLOT_KEYS.jdbcSql());
            s.execute("DROP INDEX feedback_slot_merge");
            s.execute("CREATE UNIQUE INDEX feedback_by_slot ON feedback (tenant_id, slot_key)");
        }
        markRollupsForRecount(c);
    }

    /** Every record inherits its context (all it has is its own so far) and gets the new slot key. */
    private static void rekey(Connection c, DatabaseKind kind) throws SQLException {
        try (var statements = new TransactionStatements(c)) {
            rekey(c, new RegistryContext(statements, kind));
        }
    }

    private static void rekey(Connection c, RegistryContext registry) throws SQLException {
        for (var page = page(c, PAGE_OF_FEEDBACK, "", ""); !page.isEmpty(); ) {
            try (var s = c.prepareStatement(REKEY.jdbcSql())) {
                for (var f : page) {
                    var next = f.inheriting(registry.of(f.tenantId(), f.ownTarget(), false));
                    REKEY.bind(s, FeedbackRows.bind(next));
                    s.addBatch();
                }
                s.executeBatch();
            }
            var last = page.get(page.size() - 1);
            page = page.size() < PAGE ? List.of() : page(c, PAGE_OF_FEEDBACK, last.tenantId(), last.id());
        }
    }

    private static void mergeDuplicates(Connection c) throws SQLException {
        var slots = new ArrayList<String[]>();
        try (var s = c.prepareStatement(DUPLICATES.jdbcSql()); var rs = s.executeQuery()) {
            while (rs.next()) {
                slots.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        for (var slot : slots) {
            merge(c, slot[0], list(c, SLOT_MEMBERS, Params.of("tenant", slot[0]).and("slot", slot[1])));
        }
    }

    private static void merge(Connection c, String tenantId, List<Feedback> members) throws SQLException {
        var latestFirst = Comparator.comparing(Feedback::updatedAt).thenComparing(Feedback::id).reversed();
        var winner = members.stream().sorted(latestFirst).findFirst().orElseThrow();
        var versions = new ArrayList<Feedback>();
        for (var member : members) {
            versions.addAll(list(c, HISTORY_OF, Params.of("tenant", tenantId).and("id", member.id())));
            execute(c, DELETE_HISTORY_OF, Params.of("tenant", tenantId).and("id", member.id()));
            if (!member.id().equals(winner.id())) {
                versions.add(member);
                execute(c, DELETE_FEEDBACK, Params.of("tenant", tenantId).and("id", member.id()));
                execute(c, REPOINT_KEYS, Params.of("tenant", tenantId).and("winner", winner.id()).and("loser", member.id()));
            }
        }
        versions.sort(Comparator.comparing(Feedback::updatedAt).thenComparing(Feedback::id).thenComparingInt(Feedback::revision));
        int revision = 0;
        for (var version : versions) {
            execute(c, INSERT_HISTORY, FeedbackRows.bind(asRevisionOf(version, winner, ++revision)));
        }
        execute(c, SET_REVISION, Params.of("tenant", tenantId).and("id", winner.id()).and("revision", revision + 1));
    }

    /** An older version of a merged record, renumbered as revision {@code revision} of the record that stays. */
    private static Feedback asRevisionOf(Feedback v, Feedback winner, int revision) {
        return new Feedback(winner.id(), v.tenantId(), v.target(), v.name(), v.label(), v.score(), v.comment(), v.reasons(),
                v.correction(), v.data(), v.queryCategory(), v.sourceSurface(), v.authorId(), v.source(),
                v.clientFeedbackId(), v.metadata(), v.createdAt(), v.updatedAt(), revision, v.deletedAt(),
                v.createdByKeyId(), v.inherited());
    }

    /**
     * Marks every tenant with feedback or rollups for the recount the migrator runs after its steps (V12's
     * rollup_recounts_due, store/RollupRecount): the rollups are rebuilt once at an upgrade, not once per version.
     */
    private static void markRollupsForRecount(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.executeUpdate(MARK_FOR_RECOUNT);
        }
    }

    private static List<Feedback> page(Connection c, NamedSql sql, String tenantId, String afterId) throws SQLException {
        return list(c, sql, Params.of("tenant", tenantId).and("id", afterId).and("limit", PAGE));
    }

    private static List<Feedback> list(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var rows = new ArrayList<Feedback>();
            while (rs.next()) {
                rows.add(FeedbackRows.map(rs));
            }
            return rows;
        }
    }

    private static void execute(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            s.executeUpdate();
        }
    }
}
