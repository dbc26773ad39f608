package io.feedbackhub.store;

import io.feedbackhub.core.Context;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.SQLException;

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
    private static final NamedSql LOCK_EXCLUSIVE = NamedSql.of("SELECT pg_advisory_xact_lock(:space, :key)");

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
