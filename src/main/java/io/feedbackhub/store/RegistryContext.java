package io.feedbackhub.store;

import io.feedbackhub.core.Context;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The registry's context of a feedback target, read inside a write transaction so that no registry write can change it
 * unseen. On SQLite every write transaction holds the database's one write lock, so a plain read is enough. On
 * PostgreSQL a feedback write and a registry write of the same message or thread must serialize: a thread row (which
 * every named thread has, see ensureThread) is read FOR SHARE, and the message by a shared advisory lock on its id,
 * since the message may not be registered yet and there is no row to lock. A registry write takes the same locks
 * exclusively, so it either commits first (and is read here) or waits for this write and re-attributes its record.
 */
final class RegistryContext {
    private static final NamedSql MESSAGE = NamedSql.of("""
            SELECT thread_id, model, metadata FROM messages WHERE tenant_id = :tenant AND id = :id""");
    /** Two-int advisory keys are a key space of their own, apart from the migration lock's one bigint. */
    private static final int MESSAGE_LOCKS = 0x46484D73; // "FHMs"
    private static final NamedSql LOCK_SHARED = NamedSql.of("SELECT pg_advisory_xact_lock_shared(:space, :key)");
    /** The keys come sorted; the subquery's order is the order the locks are taken in. */
    private static final String LOCK_ALL_SHARED = """
            SELECT count(pg_advisory_xact_lock_shared(?, k)) FROM (SELECT k FROM unnest(?::int[]) AS keys(k) ORDER BY k) AS sorted""";
    private static final NamedSql LOCK_EXCLUSIVE = NamedSql.of("SELECT pg_advisory_xact_lock(:space, :key)");
    private static final String LOCK_ALL_EXCLUSIVE = LOCK_ALL_SHARED.replace("pg_advisory_xact_lock_shared", "pg_advisory_xact_lock");

    private final TransactionStatements statements;
    private final DatabaseKind kind;
    private final NamedSql threadAgent;

    RegistryContext(TransactionStatements statements, DatabaseKind kind) {
        this.statements = statements;
        this.kind = kind;
        this.threadAgent = NamedSql.of("SELECT agent_id FROM threads WHERE tenant_id = :tenant AND id = :id" + kind.forShare);
    }

    /** The context of a target as a feedback names it; {@code lock} false where the caller holds the message lock. */
    Context of(String tenantId, Target own, boolean lock) throws SQLException {
        var context = Context.NONE;
        var messageId = messageOf(own);
        if (messageId != null) {
            if (lock) {
                lockMessage(tenantId, messageId, LOCK_SHARED);
            }
            context = message(tenantId, messageId);
        }
        var thread = own.threadId() != null ? own.threadId() : context.threadId();
        if (own.agentId() == null && thread != null) {
            context = context.withAgent(agentOf(tenantId, thread));
        }
        return context;
    }

    /**
     * The message a feedback's context comes from: the one it names, else the one its trace names, since a trace's
     * root span is recorded as the message whose id is the trace id (docs/context.md).
     */
    static String messageOf(Target own) {
        return own.messageId() != null ? own.messageId() : own.traceId();
    }

    /**
     * {@link #of} (locking) for many targets at once, a statement per step instead of per target: the message locks,
     * taken in key order so that two batches cannot wait for each other, then the messages, then the threads' agents.
     */
    Map<Target, Context> ofAll(Connection c, String tenantId, Collection<Target> targets) throws SQLException {
        var messageIds = new TreeSet<String>();
        for (var t : targets) {
            if (messageOf(t) != null) {
                messageIds.add(messageOf(t));
            }
        }
        lockMessagesShared(c, tenantId, messageIds);
        var messages = messages(c, tenantId, messageIds);
        var threadsAsked = new TreeSet<String>();
        for (var t : targets) {
            var thread = t.threadId() != null ? t.threadId() : messages.getOrDefault(messageOf(t), Context.NONE).threadId();
            if (t.agentId() == null && thread != null) {
                threadsAsked.add(thread);
            }
        }
        var agents = agents(c, tenantId, threadsAsked);
        var contexts = new HashMap<Target, Context>();
        for (var t : targets) {
            var context = messageOf(t) == null ? Context.NONE : messages.getOrDefault(messageOf(t), Context.NONE);
            var thread = t.threadId() != null ? t.threadId() : context.threadId();
            if (t.agentId() == null && thread != null) {
                context = context.withAgent(agents.get(thread));
            }
            contexts.put(t, context);
        }
        return contexts;
    }

    private void lockMessagesShared(Connection c, String tenantId, Collection<String> messageIds) throws SQLException {
        lockMessages(c, tenantId, messageIds, LOCK_ALL_SHARED);
    }

    /** Before a registry write of many messages: {@link #lockMessageExclusively} for each, in key order, in one statement. */
    void lockMessagesExclusively(Connection c, String tenantId, Collection<String> messageIds) throws SQLException {
        lockMessages(c, tenantId, messageIds, LOCK_ALL_EXCLUSIVE);
    }

    private void lockMessages(Connection c, String tenantId, Collection<String> messageIds, String lockAll) throws SQLException {
        if (kind != DatabaseKind.POSTGRES || messageIds.isEmpty()) {
            return;
        }
        var keys = messageIds.stream().map(id -> (tenantId + "\u0000" + id).hashCode()).distinct().sorted().toArray(Integer[]::new);
        try (var s = c.prepareStatement(lockAll)) {
            s.setInt(1, MESSAGE_LOCKS);
            s.setArray(2, c.createArrayOf("integer", keys));
            try (var rs = s.executeQuery()) {
                rs.next();
            }
        }
    }

    private Map<String, Context> messages(Connection c, String tenantId, Collection<String> ids) throws SQLException {
        var found = new HashMap<String, Context>();
        for (var chunk : MultiRowStatements.chunks(ids)) {
            var sql = "SELECT id, thread_id, model, metadata FROM messages WHERE tenant_id = ? AND "
                    + MultiRowStatements.anyOf(kind, "id", chunk.size());
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, tenantId);
                MultiRowStatements.bindIds(c, kind, s, 2, chunk);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), Context.ofMessage(rs.getString(2), rs.getString(3), JsonColumns.map(rs.getString(4))));
                    }
                }
            }
        }
        return found;
    }

    private Map<String, String> agents(Connection c, String tenantId, Collection<String> threadIds) throws SQLException {
        var found = new HashMap<String, String>();
        for (var chunk : MultiRowStatements.chunks(threadIds)) {
            var sql = "SELECT id, agent_id FROM threads WHERE tenant_id = ? AND " + MultiRowStatements.anyOf(kind, "id", chunk.size())
                    + " ORDER BY id" + kind.forShare;
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, tenantId);
                MultiRowStatements.bindIds(c, kind, s, 2, chunk);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return found;
    }

    /** Before a registry write of the message: feedback writes naming it wait until this transaction ends. */
    void lockMessageExclusively(String tenantId, String messageId) throws SQLException {
        lockMessage(tenantId, messageId, LOCK_EXCLUSIVE);
    }

    private Context message(String tenantId, String messageId) throws SQLException {
        try (var rs = statements.bound(MESSAGE, Params.of("tenant", tenantId).and("id", messageId)).executeQuery()) {
            if (!rs.next()) {
                return Context.NONE;
            }
            return Context.ofMessage(rs.getString(1), rs.getString(2), JsonColumns.map(rs.getString(3)));
        }
    }

    private String agentOf(String tenantId, String threadId) throws SQLException {
        try (var rs = statements.bound(threadAgent, Params.of("tenant", tenantId).and("id", threadId)).executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void lockMessage(String tenantId, String messageId, NamedSql lock) throws SQLException {
        if (kind != DatabaseKind.POSTGRES) {
            return;
        }
        // String.hashCode is specified, so every node computes the same key; a collision only makes two ids share a lock
        int key = (tenantId + "\u0000" + messageId).hashCode();
        try (var rs = statements.bound(lock, Params.of("space", MESSAGE_LOCKS).and("key", key)).executeQuery()) {
            rs.next();
        }
    }
}
