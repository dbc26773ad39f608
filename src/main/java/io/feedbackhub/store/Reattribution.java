package io.feedbackhub.store;

import io.feedbackhub.core.Context;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * After a registry write changed what a message or thread says, the feedback on it inherits the new context, in the
 * registry write's transaction: each record's dimensions are recomputed as own ∪ context ({@link Feedback#inheriting})
 * and the rollups move by the same "old contribution out, new in" as every feedback write, so any rollup dimension
 * follows. Pages of {@value #PAGE} records in id order keep memory bounded however much feedback a thread has.
 * A re-attribution changes dimensions, not what anybody said: no revision, no history row, no webhook event.
 */
final class Reattribution {
    static final int PAGE = 1000;

    private final JdbcFeedbackWrites tx;
    private final NamedSql byMessage;
    private final NamedSql byThread;
    private final NamedSql byTrace;

    Reattribution(JdbcFeedbackWrites tx) {
        this.tx = tx;
        var kind = tx.kind();
        var select = "SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND %s = :target"
                + " AND id > :after ORDER BY id LIMIT :limit" + kind.forUpdate;
        this.byMessage = NamedSql.of(select.formatted("message_id"));
        this.byThread = NamedSql.of(select.formatted("thread_id"));
        this.byTrace = NamedSql.of(select.formatted("message_id IS NULL AND trace_id"));
    }

    /** The message's thread, model or metadata changed: its feedback takes the new context. */
    int ofMessage(String tenantId, String messageId) throws SQLException {
        var contexts = new HashMap<String, Context>(); // by the feedback's own thread and agent: usually one lookup
        Function<Feedback, Context> contextOf = f -> {
            var own = f.ownTarget();
            return contexts.computeIfAbsent(own.threadId() + "\u0000" + (own.agentId() == null), k -> tx.contextUnlocked(tenantId, own));
        };
        // feedback naming only a trace takes the context of the message recorded under the trace id (a root span)
        return run(byMessage, tenantId, messageId, contextOf) + run(byTrace, tenantId, messageId, contextOf);
    }

    /**
     * {@link #ofMessage} for many messages, after a request wrote them all: one statement per step finds the few that
     * any feedback names (by message id, or by trace id alone), and only those are re-attributed. New messages from a
     * trace are mostly not judged yet, so a request of a hundred spans costs two reads here, not two hundred.
     */
    int ofMessages(String tenantId, Collection<String> messageIds) throws SQLException {
        var judged = new TreeSet<String>();
        for (var chunk : MultiRowStatements.chunks(messageIds)) {
            judged.addAll(named(tenantId, "message_id", "", chunk));
            judged.addAll(named(tenantId, "trace_id", " AND message_id IS NULL", chunk));
        }
        int moved = 0;
        for (var id : judged) {
            moved += ofMessage(tenantId, id);
        }
        return moved;
    }

    private List<String> named(String tenantId, String column, String and, List<String> ids) throws SQLException {
        var c = tx.connection();
        var sql = "SELECT DISTINCT " + column + " FROM feedback WHERE tenant_id = ? AND "
                + MultiRowStatements.anyOf(tx.kind(), column, ids.size()) + and;
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            MultiRowStatements.bindIds(c, tx.kind(), s, 2, ids);
            try (var rs = s.executeQuery()) {
                var found = new ArrayList<String>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found;
            }
        }
    }

    /** The thread's agent changed: feedback on the thread takes it, unless it names an agent itself. */
    int ofThread(String tenantId, String threadId, String agentId) throws SQLException {
        return run(byThread, tenantId, threadId, f -> f.inheritedContext().withAgent(agentId));
    }

    private int run(NamedSql select, String tenantId, String target, Function<Feedback, Context> contextOf) throws SQLException {
        int moved = 0;
        String after = "";
        while (true) {
            var page = page(select, tenantId, target, after);
            var changes = new ArrayList<Feedback[]>();
            for (var f : page) {
                var next = f.inheriting(contextOf.apply(f));
                if (!next.equals(f)) {
                    changes.add(new Feedback[]{f, next});
                }
            }
            tx.reattribute(changes);
            moved += changes.size();
            if (page.size() < PAGE) {
                return moved;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private List<Feedback> page(NamedSql select, String tenantId, String target, String after) throws SQLException {
        var params = Params.of("tenant", tenantId).and("target", target).and("after", after).and("limit", PAGE);
        try (var rs = tx.statements().bound(select, params).executeQuery()) {
            var rows = new ArrayList<Feedback>();
            while (rs.next()) {
                rows.add(FeedbackRows.map(rs));
            }
            return rows;
        }
    }
}
