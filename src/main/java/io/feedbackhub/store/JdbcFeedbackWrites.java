package io.feedbackhub.store;

import io.feedbackhub.core.Context;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackWrites;
import io.feedbackhub.core.IdempotencyKey;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.Target;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The core's write operations as SQL on the writer's open transaction. */
final class JdbcFeedbackWrites implements FeedbackWrites {
    private static final NamedSql FIND_KEY = NamedSql.of("""
            SELECT client_feedback_id, feedback_id, fingerprint FROM idempotency_keys
            WHERE tenant_id = :tenant AND client_feedback_id = :key""");
    private static final NamedSql CLAIM_KEY = NamedSql.of("""
            INSERT INTO idempotency_keys (tenant_id, client_feedback_id, feedback_id, fingerprint, created_at)
            VALUES (:tenant, :key, :feedback_id, :fingerprint, :now)
            ON CONFLICT (tenant_id, client_feedback_id) DO NOTHING""");
    private static final NamedSql CLAIM_KEY_ROW = NamedSql.of("""
            INSERT INTO idempotency_keys (tenant_id, client_feedback_id, feedback_id, fingerprint, created_at)
            VALUES (:tenant, :key, :feedback_id, :fingerprint, :now)""");
    private static final NamedSql INSERT_ROW = NamedSql.of("INSERT INTO feedback (" + FeedbackRows.COLUMNS + ") VALUES (" + FeedbackRows.VALUES + ")");
    private static final NamedSql REPOINT_KEY = NamedSql.of("""
            UPDATE idempotency_keys SET feedback_id = :feedback_id
            WHERE tenant_id = :tenant AND client_feedback_id = :key""");
    private static final NamedSql INSERT_IF_SLOT_FREE = NamedSql.of("INSERT INTO feedback (" + FeedbackRows.COLUMNS
            + ") VALUES (" + FeedbackRows.VALUES + ") ON CONFLICT (tenant_id, slot_key) DO NOTHING");
    private static final NamedSql COPY_TO_HISTORY = NamedSql.of("INSERT INTO feedback_history (" + FeedbackRows.COLUMNS
            + ") SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql REPLACE = NamedSql.of("""
            UPDATE feedback SET agent_id = :agent_id, thread_id = :thread_id, turn_id = :turn_id, trace_id = :trace_id,
                label = :label, score = :score,
                comment = :comment, reasons = :reasons, correction = :correction, data = :data,
                query_category = :query_category, source_surface = :source_surface, source = :source,
                client_feedback_id = :client_feedback_id, metadata = :metadata, updated_at = :updated_at,
                revision = :revision, deleted_at = :deleted_at, inherited = :inherited
            WHERE tenant_id = :tenant_id AND id = :id AND revision = :previous_revision""");
    /** A re-attribution: the dimensions only, in place, the revision unchanged (nothing the author said changed). */
    private static final NamedSql REATTRIBUTE = NamedSql.of("""
            UPDATE feedback SET agent_id = :agent_id, thread_id = :thread_id, metadata = :metadata, inherited = :inherited
            WHERE tenant_id = :tenant_id AND id = :id""");
    private static final NamedSql ENSURE_AGENT = NamedSql.of("""
            INSERT INTO agents (tenant_id, id, metadata, created_at, updated_at) VALUES (:tenant, :id, '{}', :now, :now)
            ON CONFLICT (tenant_id, id) DO NOTHING""");
    private static final NamedSql ENSURE_THREAD = NamedSql.of("""
            INSERT INTO threads (tenant_id, id, agent_id, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :agent_id, '{}', :now, :now)
            ON CONFLICT (tenant_id, id) DO NOTHING""");
    /**
     * Runs first, and the rollups lose exactly what it deletes, in the version it deletes: on PostgreSQL it waits for
     * concurrent updates of the author's rows and deletes what they committed (PurgeDuringAnUpdateTest).
     */
    private static final NamedSql PURGE_FEEDBACK = NamedSql.of("DELETE FROM feedback WHERE tenant_id = :tenant AND author_id = :author RETURNING "
            + FeedbackRows.COLUMNS);
    /** After the delete above (READ COMMITTED: a new snapshot), so history that a waited-for update wrote goes too. */
    private static final NamedSql PURGE_HISTORY = NamedSql.of("DELETE FROM feedback_history WHERE tenant_id = :tenant AND author_id = :author");
    /** By the deleted ids: the feedback rows are gone, and a key a waited-for update pointed at them is now visible. */
    private static final NamedSql PURGE_KEYS_OF = NamedSql.of("DELETE FROM idempotency_keys WHERE tenant_id = :tenant AND feedback_id = :id");

    /** The end user's conversations: first their traces' buffer rows and threads, found by the messages about to go. */
    private static final NamedSql PURGE_BUFFER_OF_USER = NamedSql.of("""
            DELETE FROM context_buffer WHERE tenant_id = :tenant
              AND trace_id IN (SELECT trace_id FROM messages WHERE tenant_id = :tenant AND user_id = :user)""");
    private static final NamedSql PURGE_THREADS_OF_USER = NamedSql.of("""
            DELETE FROM threads WHERE tenant_id = :tenant
              AND id IN (SELECT thread_id FROM messages WHERE tenant_id = :tenant AND user_id = :user)""");
    private static final NamedSql PURGE_MESSAGES_OF_USER = NamedSql.of("""
            DELETE FROM messages WHERE tenant_id = :tenant AND (user_id = :user
              OR thread_id IN (SELECT thread_id FROM messages WHERE tenant_id = :tenant AND user_id = :user))""");

    private final Connection connection;
    private final TransactionStatements statements;
    private final DatabaseKind kind;
    private final RegistryContext registry;
    private final RollupDeltas rollups;
    private final ChangeRecorder outbox;
    private final NamedSql lockBySlot;
    private final NamedSql lockById;

    private final KnownTargets knownTargets;
    private final List<KnownTargets.Key> registeredHere = new ArrayList<>();

    JdbcFeedbackWrites(Connection connection, DatabaseKind kind, KnownTargets knownTargets, ChangeRecorder outbox) {
        this.connection = connection;
        this.statements = new TransactionStatements(connection);
        this.kind = kind;
        this.registry = new RegistryContext(statements, kind);
        this.knownTargets = knownTargets;
        this.rollups = new RollupDeltas(kind);
        this.outbox = outbox;
        this.lockBySlot = NamedSql.of("SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND slot_key = :slot" + kind.forUpdate);
        this.lockById = NamedSql.of("SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND id = :id" + kind.forUpdate);
    }

    @Override
    public Optional<IdempotencyKey> findKey(String tenantId, String clientFeedbackId) {
        try (var rs = statements.bound(FIND_KEY, Params.of("tenant", tenantId).and("key", clientFeedbackId)).executeQuery()) {
            return rs.next()
                    ? Optional.of(new IdempotencyKey(rs.getString(1), rs.getString(2), rs.getString(3)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public boolean claimKeyIfAbsent(String tenantId, IdempotencyKey key, Instant now) {
        return update(CLAIM_KEY, Params.of("tenant", tenantId).and("key", key.clientFeedbackId())
                .and("feedback_id", key.feedbackId()).and("fingerprint", key.fingerprint()).and("now", now.toEpochMilli())) == 1;
    }

    @Override
    public void repointKey(String tenantId, String clientFeedbackId, String feedbackId) {
        update(REPOINT_KEY, Params.of("tenant", tenantId).and("key", clientFeedbackId).and("feedback_id", feedbackId));
    }

    @Override
    public Optional<Feedback> lockBySlot(String tenantId, String slotKey) {
        return one(lockBySlot, Params.of("tenant", tenantId).and("slot", slotKey));
    }

    @Override
    public Optional<Feedback> lockById(String tenantId, String id) {
        return one(lockById, Params.of("tenant", tenantId).and("id", id));
    }

    @Override
    public boolean insertIfSlotFree(Feedback feedback, String slotKey) {
        boolean inserted;
        try {
            var s = statements.unbound(INSERT_IF_SLOT_FREE);
            FeedbackRows.bind(s, 1, feedback, slotKey);
            inserted = s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        if (inserted) {
            rollups.change(null, feedback);
            outbox.change(null, feedback);
        }
        return inserted;
    }

    /** One multi-row insert per chunk, in key order (so that two nodes' batches cannot wait for each other's keys). */
    @Override
    public Set<String> claimKeysIfAbsent(String tenantId, List<IdempotencyKey> keys, Instant now) {
        var rows = keys.stream().sorted(Comparator.comparing(IdempotencyKey::clientFeedbackId)) // stable: the first stays first
                .map(key -> Params.of("tenant", tenantId).and("key", key.clientFeedbackId()).and("feedback_id", key.feedbackId())
                        .and("fingerprint", key.fingerprint()).and("now", now.toEpochMilli()))
                .toList();
        try {
            return MultiRowStatements.insertReturning(connection, CLAIM_KEY_ROW,
                    "ON CONFLICT (tenant_id, client_feedback_id) DO NOTHING RETURNING feedback_id", rows);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /**
     * One multi-row insert per chunk, in slot order (so that two nodes' batches cannot wait for each other's slots). On
     * SQLite too: row by row with the one prepared insert reused cost its writer 22-50 % more CPU per item (bench/RESULTS.md,
     * "Single writes off the writer").
     */
    @Override
    public Set<String> insertAllIfSlotFree(List<Feedback> records, List<String> slotKeys) {
        var bySlot = new ArrayList<Integer>(records.size());
        for (int i = 0; i < records.size(); i++) {
            bySlot.add(i);
        }
        bySlot.sort(Comparator.comparing(slotKeys::get)); // stable: the first for a slot stays first
        Set<String> inserted;
        try {
            inserted = MultiRowStatements.insertReturning(connection, INSERT_ROW, "ON CONFLICT (tenant_id, slot_key) DO NOTHING RETURNING id",
                    bySlot.size(), (s, at, i) -> FeedbackRows.bind(s, at, records.get(bySlot.get(i)), slotKeys.get(bySlot.get(i))));
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        for (var record : records) { // in request order, as one insert after the other would have recorded them
            if (inserted.contains(record.id())) {
                rollups.change(null, record);
                outbox.change(null, record);
            }
        }
        return inserted;
    }

    @Override
    public Map<Target, Context> contextsOf(String tenantId, Collection<Target> ownTargets) {
        try {
            return registry.ofAll(connection, tenantId, ownTargets);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public void replace(Feedback current, Feedback next) {
        update(COPY_TO_HISTORY, Params.of("tenant", current.tenantId()).and("id", current.id()));
        int changed = update(REPLACE, FeedbackRows.bind(next).and("previous_revision", current.revision()));
        if (changed != 1) {
            throw new IllegalStateException("feedback " + current.id() + " revision " + current.revision() + " changed while locked");
        }
        rollups.change(current, next);
        outbox.change(current, next);
    }

    @Override
    public Context contextOf(String tenantId, Target ownTarget) {
        try {
            return registry.of(tenantId, ownTarget, true);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** For a registry write that holds the registry locks itself. */
    Context contextUnlocked(String tenantId, Target ownTarget) {
        try {
            return registry.of(tenantId, ownTarget, false);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    RegistryContext registry() {
        return registry;
    }

    /** The transaction's prepared statements, for the registry writes that run in it. */
    TransactionStatements statements() {
        return statements;
    }

    /** Tells this transaction's recorders (live review filters over messages) of a message it registered or changed. */
    void messageWritten(String tenantId, Message after) {
        outbox.message(tenantId, after);
    }

    Connection connection() {
        return connection;
    }

    DatabaseKind kind() {
        return kind;
    }

    /** Writes re-attributed records ({before, after} pairs) and moves their rollup contributions. */
    void reattribute(List<Feedback[]> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (var s = connection.prepareStatement(REATTRIBUTE.jdbcSql())) {
            for (var change : changes) {
                REATTRIBUTE.bind(s, FeedbackRows.bind(change[1]));
                s.addBatch();
                rollups.change(change[0], change[1]);
            }
            s.executeBatch();
        }
    }

    @Override
    public void ensureAgent(String tenantId, String agentId, Instant now) {
        var key = KnownTargets.agent(tenantId, agentId);
        if (knownTargets.contains(key)) {
            return;
        }
        registeredHere.add(key);
        update(ENSURE_AGENT, Params.of("tenant", tenantId).and("id", agentId).and("now", now.toEpochMilli()));
    }

    @Override
    public void ensureThread(String tenantId, String threadId, String agentId, Instant now) {
        var key = KnownTargets.thread(tenantId, threadId);
        if (knownTargets.contains(key)) {
            return;
        }
        registeredHere.add(key);
        update(ENSURE_THREAD, Params.of("tenant", tenantId).and("id", threadId).and("agent_id", agentId).and("now", now.toEpochMilli()));
    }

    @Override
    public int purgeAuthor(String tenantId, String authorId) {
        var params = Params.of("tenant", tenantId).and("author", authorId);
        outbox.purgedAuthor(tenantId, authorId);
        var purgedIds = new ArrayList<String>();
        try (var s = PURGE_FEEDBACK.prepare(connection, params); var rs = s.executeQuery()) {
            while (rs.next()) {
                var deleted = FeedbackRows.map(rs);
                purgedIds.add(deleted.id());
                if (!deleted.deleted()) {
                    rollups.change(deleted, null);
                    outbox.change(deleted, null);
                }
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        update(PURGE_HISTORY, params);
        try (var s = connection.prepareStatement(PURGE_KEYS_OF.jdbcSql())) {
            for (var id : purgedIds) {
                PURGE_KEYS_OF.bind(s, Params.of("tenant", tenantId).and("id", id));
                s.addBatch();
            }
            if (!purgedIds.isEmpty()) {
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        return purgedIds.size();
    }

    @Override
    public PurgedConversations purgeConversationsOf(String tenantId, String userId) {
        var params = Params.of("tenant", tenantId).and("user", userId);
        update(PURGE_BUFFER_OF_USER, params);
        int threads = update(PURGE_THREADS_OF_USER, params);
        int messages = update(PURGE_MESSAGES_OF_USER, params);
        return new PurgedConversations(messages, threads);
    }

    /** Writes the merged rollup changes; called once, just before the transaction commits. */
    void beforeCommit() throws SQLException {
        statements.close(); // the batch's last use of them
        rollups.flush(connection);
        outbox.flush(connection);
    }

    void afterCommit() {
        knownTargets.addCommitted(registeredHere);
    }

    private Optional<Feedback> one(NamedSql sql, Params params) {
        try (var rs = statements.bound(sql, params).executeQuery()) {
            return rs.next() ? Optional.of(FeedbackRows.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private int update(NamedSql sql, Params params) {
        try {
            return statements.bound(sql, params).executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }
}
