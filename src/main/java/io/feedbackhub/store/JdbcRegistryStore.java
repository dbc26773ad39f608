package io.feedbackhub.store;

import io.feedbackhub.core.Agent;
import io.feedbackhub.core.ChatThread;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.MessageMerge;
import io.feedbackhub.core.MessageTrace;
import io.feedbackhub.core.Page;
import io.feedbackhub.core.RegistryStore;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Agents, threads and messages. A PUT replaces the caller's fields and keeps the first created_at. A thread or message
 * PUT runs on the feedback writer: when it changes what the feedback on it inherits (a thread's agent; a message's
 * thread, model or metadata), that feedback is re-attributed in the same transaction ({@link Reattribution}).
 */
public final class JdbcRegistryStore implements RegistryStore {
    private static final NamedSql PUT_AGENT = NamedSql.of("""
            INSERT INTO agents (tenant_id, id, name, description, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :name, :description, :metadata, :now, :now)
            ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, description = excluded.description,
                metadata = excluded.metadata, updated_at = excluded.updated_at
            RETURNING id, name, description, metadata, created_at, updated_at""");
    private static final NamedSql GET_AGENT = NamedSql.of("""
            SELECT id, name, description, metadata, created_at, updated_at FROM agents WHERE tenant_id = :tenant AND id = :id""");
    private static final NamedSql LIST_AGENTS = NamedSql.of("""
            SELECT id, name, description, metadata, created_at, updated_at FROM agents
            WHERE tenant_id = :tenant AND id > :after ORDER BY id LIMIT :limit""");

    private static final NamedSql PUT_THREAD = NamedSql.of("""
            INSERT INTO threads (tenant_id, id, agent_id, title, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :agent_id, :title, :metadata, :now, :now)
            ON CONFLICT (tenant_id, id) DO UPDATE SET agent_id = excluded.agent_id, title = excluded.title,
                metadata = excluded.metadata, updated_at = excluded.updated_at
            RETURNING id, agent_id, title, metadata, created_at, updated_at""");
    private static final NamedSql GET_THREAD = NamedSql.of("""
            SELECT id, agent_id, title, metadata, created_at, updated_at FROM threads WHERE tenant_id = :tenant AND id = :id""");
    private static final NamedSql LIST_THREADS = NamedSql.of("""
            SELECT id, agent_id, title, metadata, created_at, updated_at FROM threads
            WHERE tenant_id = :tenant AND (CAST(:agent_id AS TEXT) IS NULL OR agent_id = :agent_id) AND id > :after ORDER BY id LIMIT :limit""");

    private static final NamedSql PUT_MESSAGE = NamedSql.of("""
            INSERT INTO messages (tenant_id, id, thread_id, role, prompt, content, model, metadata, created_at, updated_at,
                trace_id, span_id, user_id, input_tokens, output_tokens, latency_ms, error, finish_reasons, started_at, ended_at)
            VALUES (:tenant, :id, :thread_id, :role, :prompt, :content, :model, :metadata, :now, :now,
                :trace_id, :span_id, :user_id, :input_tokens, :output_tokens, :latency_ms, :error, :finish_reasons, :started_at, :ended_at)
            ON CONFLICT (tenant_id, id) DO UPDATE SET thread_id = excluded.thread_id, role = excluded.role,
                prompt = excluded.prompt, content = excluded.content, model = excluded.model,
                metadata = excluded.metadata, updated_at = excluded.updated_at, trace_id = excluded.trace_id,
                span_id = excluded.span_id, user_id = excluded.user_id, input_tokens = excluded.input_tokens,
                output_tokens = excluded.output_tokens, latency_ms = excluded.latency_ms, error = excluded.error,
                finish_reasons = excluded.finish_reasons, started_at = excluded.started_at, ended_at = excluded.ended_at
            RETURNING id, thread_id, role, prompt, content, model, metadata, created_at, updated_at, trace_id, span_id, user_id, input_tokens, output_tokens, latency_ms, error, finish_reasons, started_at, ended_at""");
    private static final String MESSAGE_COLUMNS = "id, thread_id, role, prompt, content, model, metadata, created_at,"
            + " updated_at, trace_id, span_id, user_id, input_tokens, output_tokens, latency_ms, error, finish_reasons, started_at, ended_at";
    private static final NamedSql GET_MESSAGE = NamedSql.of("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST_MESSAGES = NamedSql.of("""
            SELECT id, thread_id, role, prompt, content, model, metadata, created_at, updated_at, trace_id, span_id, user_id, input_tokens, output_tokens, latency_ms, error, finish_reasons, started_at, ended_at FROM messages
            WHERE tenant_id = :tenant AND (CAST(:thread_id AS TEXT) IS NULL OR thread_id = :thread_id) AND id > :after ORDER BY id LIMIT :limit""");

    private static final NamedSql ENSURE_AGENT = NamedSql.of("""
            INSERT INTO agents (tenant_id, id, metadata, created_at, updated_at) VALUES (:tenant, :id, '{}', :now, :now)
            ON CONFLICT (tenant_id, id) DO NOTHING""");
    private static final NamedSql ENSURE_THREAD = NamedSql.of("""
            INSERT INTO threads (tenant_id, id, metadata, created_at, updated_at) VALUES (:tenant, :id, '{}', :now, :now)
            ON CONFLICT (tenant_id, id) DO NOTHING""");

    private static final NamedSql FORGET_TRACED_TEXT = NamedSql.of("""
            UPDATE messages SET prompt = NULL, content = NULL
            WHERE trace_id IS NOT NULL AND created_at < :cutoff AND (prompt IS NOT NULL OR content IS NOT NULL)""");

    private final Database database;
    private final JdbcFeedbackStore writes;
    private final NamedSql lockThread;

    public JdbcRegistryStore(Database database, JdbcFeedbackStore writes) {
        this.database = database;
        this.writes = writes;
        this.lockThread = NamedSql.of("""
                SELECT id, agent_id, title, metadata, created_at, updated_at FROM threads WHERE tenant_id = :tenant AND id = :id"""
                + database.kind().forUpdate);
    }

    @Override
    public Agent putAgent(String tenantId, Agent a) {
        return one(PUT_AGENT, Params.of("tenant", tenantId).and("id", a.id()).and("name", a.name())
                .and("description", a.description()).and("metadata", JsonColumns.map(a.metadata()))
                .and("now", a.updatedAt().toEpochMilli()), JdbcRegistryStore::agent).orElseThrow();
    }

    @Override
    public Optional<Agent> agent(String tenantId, String id) {
        return one(GET_AGENT, Params.of("tenant", tenantId).and("id", id), JdbcRegistryStore::agent);
    }

    @Override
    public Page<Agent> agents(String tenantId, String afterId, int limit) {
        return page(LIST_AGENTS, Params.of("tenant", tenantId), afterId, limit, JdbcRegistryStore::agent, Agent::id);
    }

    /** Registers the agent if it is new; re-attributes the thread's feedback when its agent changed. */
    @Override
    public ChatThread putThread(String tenantId, ChatThread t) {
        return writes.write(tx -> SqlFailure.carry(() -> {
            var c = tx.connection();
            var before = on(c, lockThread, Params.of("tenant", tenantId).and("id", t.id()), JdbcRegistryStore::thread);
            var now = t.updatedAt().toEpochMilli();
            if (t.agentId() != null) {
                update(c, ENSURE_AGENT, Params.of("tenant", tenantId).and("id", t.agentId()).and("now", now));
            }
            var after = on(c, PUT_THREAD, Params.of("tenant", tenantId).and("id", t.id()).and("agent_id", t.agentId())
                    .and("title", t.title()).and("metadata", JsonColumns.map(t.metadata())).and("now", now),
                    JdbcRegistryStore::thread).orElseThrow();
            if (!Objects.equals(before.map(ChatThread::agentId).orElse(null), after.agentId())) {
                new Reattribution(tx).ofThread(tenantId, t.id(), after.agentId());
            }
            return after;
        }));
    }

    @Override
    public Optional<ChatThread> thread(String tenantId, String id) {
        return one(GET_THREAD, Params.of("tenant", tenantId).and("id", id), JdbcRegistryStore::thread);
    }

    @Override
    public Page<ChatThread> threads(String tenantId, String agentId, String afterId, int limit) {
        return page(LIST_THREADS, Params.of("tenant", tenantId).and("agent_id", agentId), afterId, limit,
                JdbcRegistryStore::thread, ChatThread::id);
    }

    /**
     * Registers the thread if it is new; re-attributes the message's feedback when it is new or its thread, model or
     * metadata changed (feedback may name a message before it is registered).
     */
    @Override
    public Message putMessage(String tenantId, Message m) {
        return mergeMessage(tenantId, m.id(), before -> m);
    }

    /**
     * Registers the thread if it is new; re-attributes the message's feedback when it is new or its thread, model or
     * metadata changed (feedback may name a message before it is registered). {@code merge} sees the message as stored
     * under the message's lock, so two merges of one message never lose each other's fields.
     */
    @Override
    public Message mergeMessage(String tenantId, String id, UnaryOperator<Message> merge) {
        return writes.write(tx -> SqlFailure.carry(() -> {
            tx.registry().lockMessageExclusively(tenantId, id);
            var before = on(tx.statements(), GET_MESSAGE, Params.of("tenant", tenantId).and("id", id), JdbcRegistryStore::message);
            var after = write(tx, tenantId, merge.apply(before.orElse(null)), new HashSet<>());
            if (before.isEmpty() || !sameContext(before.get(), after)) {
                new Reattribution(tx).ofMessage(tenantId, id);
            }
            return after;
        }));
    }

    /**
     * One transaction, so one group commit, for all the merges of a request (an OTLP export's spans): the locks in
     * key order and the stored messages in one statement each, then every merge (each from the one before it of the
     * same id), the new threads in key order, an upsert per message, and the re-attribution of the feedback on those
     * whose context changed.
     */
    @Override
    public List<MessageMerge.Outcome> mergeMessages(String tenantId, List<MessageMerge> merges) {
        if (merges.isEmpty()) {
            return List.of();
        }
        var ids = merges.stream().map(MessageMerge::id).collect(Collectors.toCollection(TreeSet::new));
        return writes.write(tx -> SqlFailure.carry(() -> {
            tx.registry().lockMessagesExclusively(tx.connection(), tenantId, ids);
            var stored = storedMessages(tx.connection(), tenantId, ids);
            var outcomes = new HashMap<Integer, MessageMerge.Outcome>(); // the refused, by position
            var merged = new ArrayList<Message>(merges.size()); // null where refused
            var contextChanged = new TreeSet<String>();
            for (var merge : merges) {
                var before = Optional.ofNullable(stored.get(merge.id()));
                try {
                    var m = merge.merge().apply(before.orElse(null));
                    if (before.isEmpty() || !sameContext(before.get(), m)) {
                        contextChanged.add(m.id());
                    }
                    stored.put(m.id(), m); // a later merge of the same id in this request starts from it
                    merged.add(m);
                } catch (InvalidInput refused) {
                    merged.add(null);
                    outcomes.put(merged.size() - 1, MessageMerge.Outcome.refused(refused));
                }
            }
            // new threads in key order, as the locks: two concurrent exports cannot wait for each other's
            var threads = merged.stream().filter(Objects::nonNull).map(Message::threadId).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            var now = merged.stream().filter(Objects::nonNull).findFirst().map(m -> m.updatedAt().toEpochMilli()).orElse(0L);
            for (var thread : threads) {
                tx.statements().bound(ENSURE_THREAD, Params.of("tenant", tenantId).and("id", thread).and("now", now)).executeUpdate();
            }
            var answers = new ArrayList<MessageMerge.Outcome>(merges.size());
            for (int i = 0; i < merged.size(); i++) {
                answers.add(merged.get(i) == null ? outcomes.get(i) : MessageMerge.Outcome.written(write(tx, tenantId, merged.get(i), threads)));
            }
            new Reattribution(tx).ofMessages(tenantId, contextChanged); // once all are written: each from its final state
            return answers;
        }));
    }

    /**
     * Writes {@code m}, under the message's lock, its thread registered if new (unless in {@code threadsEnsured}); the
     * caller re-attributes its feedback.
     */
    private static Message write(JdbcFeedbackWrites tx, String tenantId, Message m, Set<String> threadsEnsured) throws SQLException {
        var statements = tx.statements(); // prepared once per transaction: a request's hundred spans prepare each once
        var now = m.updatedAt().toEpochMilli();
        if (m.threadId() != null && threadsEnsured.add(m.threadId())) {
            statements.bound(ENSURE_THREAD, Params.of("tenant", tenantId).and("id", m.threadId()).and("now", now)).executeUpdate();
        }
        var after = on(statements, PUT_MESSAGE, withTrace(Params.of("tenant", tenantId).and("id", m.id()).and("thread_id", m.threadId())
                .and("role", m.role()).and("prompt", m.prompt()).and("content", m.content()).and("model", m.model())
                .and("metadata", JsonColumns.map(m.metadata())).and("now", now), m.trace()),
                JdbcRegistryStore::message).orElseThrow();
        tx.messageWritten(tenantId, after);
        return after;
    }

    private Map<String, Message> storedMessages(Connection c, String tenantId, Collection<String> ids) throws SQLException {
        var found = new HashMap<String, Message>();
        for (var chunk : MultiRowStatements.chunks(ids)) {
            var sql = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE tenant_id = ? AND "
                    + MultiRowStatements.anyOf(database.kind(), "id", chunk.size());
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, tenantId);
                MultiRowStatements.bindIds(c, database.kind(), s, 2, chunk);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        var m = message(rs);
                        found.put(m.id(), m);
                    }
                }
            }
        }
        return found;
    }

    private static Params withTrace(Params params, MessageTrace t) {
        var none = t == null;
        return params.and("trace_id", none ? null : t.traceId()).and("span_id", none ? null : t.spanId())
                .and("user_id", none ? null : t.userId()).and("input_tokens", none ? null : t.inputTokens())
                .and("output_tokens", none ? null : t.outputTokens()).and("latency_ms", none ? null : t.latencyMs())
                .and("error", none ? null : t.error()).and("finish_reasons", none ? null : t.finishReasons())
                .and("started_at", none || t.startedAt() == null ? null : t.startedAt().toEpochMilli())
                .and("ended_at", none || t.endedAt() == null ? null : t.endedAt().toEpochMilli());
    }

    /** Outside the feedback writer: it changes no feedback, and a sweep must not hold the writer for long. */
    @Override
    public int forgetTracedTextBefore(Instant cutoff) {
        return database.inTransaction(c -> {
            try (var s = FORGET_TRACED_TEXT.prepare(c, Params.of("cutoff", cutoff.toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
    }

    private static boolean sameContext(Message a, Message b) {
        return Objects.equals(a.threadId(), b.threadId()) && Objects.equals(a.model(), b.model()) && a.metadata().equals(b.metadata());
    }

    @Override
    public Optional<Message> message(String tenantId, String id) {
        return one(GET_MESSAGE, Params.of("tenant", tenantId).and("id", id), JdbcRegistryStore::message);
    }

    @Override
    public Page<Message> messages(String tenantId, String threadId, String afterId, int limit) {
        return page(LIST_MESSAGES, Params.of("tenant", tenantId).and("thread_id", threadId), afterId, limit,
                JdbcRegistryStore::message, Message::id);
    }

    private static Agent agent(ResultSet rs) throws SQLException {
        return new Agent(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                JsonColumns.map(rs.getString("metadata")), time(rs, "created_at"), time(rs, "updated_at"));
    }

    private static ChatThread thread(ResultSet rs) throws SQLException {
        return new ChatThread(rs.getString("id"), rs.getString("agent_id"), rs.getString("title"),
                JsonColumns.map(rs.getString("metadata")), time(rs, "created_at"), time(rs, "updated_at"));
    }

    private static Message message(ResultSet rs) throws SQLException {
        return new Message(rs.getString("id"), rs.getString("thread_id"), rs.getString("role"), rs.getString("prompt"),
                rs.getString("content"), rs.getString("model"), JsonColumns.map(rs.getString("metadata")),
                time(rs, "created_at"), time(rs, "updated_at"), trace(rs));
    }

    private static MessageTrace trace(ResultSet rs) throws SQLException {
        var traceId = rs.getString("trace_id");
        if (traceId == null) {
            return null;
        }
        return new MessageTrace(traceId, rs.getString("span_id"), rs.getString("user_id"), nullableLong(rs, "input_tokens"),
                nullableLong(rs, "output_tokens"), nullableLong(rs, "latency_ms"), rs.getString("error"), rs.getString("finish_reasons"),
                instant(nullableLong(rs, "started_at")), instant(nullableLong(rs, "ended_at")));
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    private static <T> Optional<T> on(java.sql.Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    private static <T> Optional<T> on(TransactionStatements statements, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var rs = statements.bound(sql, params).executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    private static void update(java.sql.Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            s.executeUpdate();
        }
    }

    private <T> Optional<T> one(NamedSql sql, Params params, RowMapper<T> mapper) {
        return database.read(c -> {
            try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        });
    }

    private <T> Page<T> page(NamedSql sql, Params params, String afterId, int limit, RowMapper<T> mapper,
                             java.util.function.Function<T, String> id) {
        params.and("after", afterId == null ? "" : afterId).and("limit", limit + 1);
        return database.read(c -> {
            try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
                var items = new ArrayList<T>();
                while (rs.next()) {
                    items.add(mapper.map(rs));
                }
                return JdbcFeedbackStore.page(items, limit, id);
            }
        });
    }
}
