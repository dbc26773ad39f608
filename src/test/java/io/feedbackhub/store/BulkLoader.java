package io.feedbackhub.store;

import io.feedbackhub.core.ChatThread;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Message;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads generated feedback for the benchmarks through the write path's own pieces: the feedback row as
 * {@link FeedbackRows} binds it, and the rollups as {@link RollupDeltas} computes and writes them from
 * {@code Contribution}. What differs from the service is only how the work is batched: secondary indexes are
 * dropped for the load and rebuilt after it from their own definitions (rebuilding the unique slot index checks
 * that no slot was written twice), and one transaction covers one generated hour.
 */
public final class BulkLoader implements AutoCloseable {
    private static final NamedSql INSERT_FEEDBACK = NamedSql.of("INSERT INTO feedback (" + FeedbackRows.COLUMNS
            + ") VALUES (" + FeedbackRows.VALUES + ")");
    private static final NamedSql INSERT_MESSAGE = NamedSql.of("""
            INSERT INTO messages (tenant_id, id, thread_id, role, prompt, content, model, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :thread_id, :role, :prompt, :content, :model, :metadata, :created_at, :updated_at)""");
    private static final NamedSql INSERT_THREAD = NamedSql.of("""
            INSERT INTO threads (tenant_id, id, agent_id, title, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :agent_id, :title, :metadata, :created_at, :updated_at)""");
    private static final NamedSql INSERT_AGENT = NamedSql.of("""
            INSERT INTO agents (tenant_id, id, name, description, metadata, created_at, updated_at)
            VALUES (:tenant, :id, :name, NULL, '{}', :now, :now)""");
    private static final List<String> TABLES = List.of("feedback", "messages", "threads");

    private final Connection connection;
    private final DatabaseKind kind;
    private final PreparedStatement feedback;
    private final PreparedStatement messages;
    private final PreparedStatement threads;
    private final RollupDeltas rollups;
    private final Map<String, String> droppedIndexes = new LinkedHashMap<>();
    private long rows;

    private BulkLoader(Connection connection, DatabaseKind kind) throws SQLException {
        this.connection = connection;
        this.kind = kind;
        this.rollups = new RollupDeltas(kind);
        connection.setAutoCommit(false);
        dropSecondaryIndexes();
        feedback = connection.prepareStatement(INSERT_FEEDBACK.jdbcSql());
        messages = connection.prepareStatement(INSERT_MESSAGE.jdbcSql());
        threads = connection.prepareStatement(INSERT_THREAD.jdbcSql());
    }

    /** A loader on a migrated database; SQLite is opened without fsync for the load (the server reopens it as usual). */
    public static BulkLoader open(String jdbcUrl) throws SQLException {
        var kind = jdbcUrl.startsWith("jdbc:postgresql:") ? DatabaseKind.POSTGRES : DatabaseKind.SQLITE;
        var url = kind == DatabaseKind.POSTGRES ? jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : jdbcUrl;
        var connection = DriverManager.getConnection(url);
        try (var s = connection.createStatement()) {
            if (kind == DatabaseKind.SQLITE) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("PRAGMA cache_size=-1000000");
                s.execute("PRAGMA temp_store=MEMORY");
            } else {
                s.execute("SET synchronous_commit = off");
                s.execute("SET maintenance_work_mem = '1GB'");
            }
        }
        return new BulkLoader(connection, kind);
    }

    public void agent(String tenantId, String id, String name, long now) throws SQLException {
        try (var s = INSERT_AGENT.prepare(connection, Params.of("tenant", tenantId).and("id", id).and("name", name).and("now", now))) {
            s.executeUpdate();
        }
    }

    public void thread(String tenantId, ChatThread t) throws SQLException {
        INSERT_THREAD.bind(threads, Params.of("tenant", tenantId).and("id", t.id()).and("agent_id", t.agentId())
                .and("title", t.title()).and("metadata", JsonColumns.map(t.metadata()))
                .and("created_at", t.createdAt().toEpochMilli()).and("updated_at", t.updatedAt().toEpochMilli()));
        threads.addBatch();
    }

    public void message(String tenantId, Message m) throws SQLException {
        INSERT_MESSAGE.bind(messages, Params.of("tenant", tenantId).and("id", m.id()).and("thread_id", m.threadId())
                .and("role", m.role()).and("prompt", m.prompt()).and("content", m.content()).and("model", m.model())
                .and("metadata", JsonColumns.map(m.metadata())).and("created_at", m.createdAt().toEpochMilli())
                .and("updated_at", m.updatedAt().toEpochMilli()));
        messages.addBatch();
    }

    /** A new live feedback: its row, and its contribution to the rollups (as a create through the service adds). */
    public void feedback(Feedback f) throws SQLException {
        INSERT_FEEDBACK.bind(feedback, FeedbackRows.bind(f));
        feedback.addBatch();
        rollups.change(null, f);
        rows++;
    }

    /** Writes what was added since the last commit, rollups included, in one transaction. */
    public void commit() throws SQLException {
        threads.executeBatch();
        messages.executeBatch();
        feedback.executeBatch();
        rollups.flush(connection);
        connection.commit();
    }

    public long rows() {
        return rows;
    }

    /** Rebuilds the dropped indexes and refreshes the planner statistics. */
    public void finish() throws SQLException {
        commit();
        connection.setAutoCommit(true);
        try (var s = connection.createStatement()) {
            for (var definition : droppedIndexes.values()) {
                s.execute(definition);
            }
            if (kind == DatabaseKind.POSTGRES) {
                s.execute("VACUUM ANALYZE");
            } else {
                s.execute("ANALYZE");
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        droppedIndexes.clear();
    }

    private void dropSecondaryIndexes() throws SQLException {
        var sql = kind == DatabaseKind.POSTGRES
                ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('feedback', 'messages', 'threads') AND indexname NOT LIKE '%_pkey'"
                : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('feedback', 'messages', 'threads')";
        var found = new ArrayList<String[]>();
        try (var s = connection.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                found.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        try (var s = connection.createStatement()) {
            for (var index : found) {
                s.execute("DROP INDEX " + index[0]);
                droppedIndexes.put(index[0], index[1]);
            }
        }
        connection.commit();
        if (found.isEmpty()) {
            throw new IllegalStateException("no secondary index found on " + TABLES + ": is the database migrated?");
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
