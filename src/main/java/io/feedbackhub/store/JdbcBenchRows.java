package io.feedbackhub.store;

import io.feedbackhub.core.Ids;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * For benchmarks only: one row per call into a table of its own, through a {@link GroupCommitWriter} like the one
 * feedback uses (same pool, same durability, same batch limit) but with no semantics: no lookup, no history, no
 * rollup, no outbox. What it costs is HTTP, authentication, group commit and fsync. The table is created here, not
 * by a migration, so that a store never used for benchmarks never has it.
 */
public final class JdbcBenchRows implements AutoCloseable {
    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS bench_rows (
                id        TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                body      TEXT NOT NULL
            )""";
    private static final NamedSql INSERT = NamedSql.of("INSERT INTO bench_rows (id, tenant_id, body) VALUES (:id, :tenant, :body)");
    private static final NamedSql COUNT = NamedSql.of("SELECT COUNT(*) FROM bench_rows WHERE tenant_id = :tenant");

    private final Database database;
    private final GroupCommitWriter<Connection> writer;

    public JdbcBenchRows(Database database, int writerThreads, int maxBatch) {
        this.database = database;
        database.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(CREATE_TABLE);
            }
            return null;
        });
        this.writer = new GroupCommitWriter<>(database, c -> c, tx -> { }, tx -> { }, writerThreads, maxBatch, size -> { });
    }

    /** Inserts one row and returns once the transaction holding it has committed. */
    public void insert(String tenantId, String body) {
        var id = Ids.newId();
        await(writer.submit(c -> {
            try (var s = INSERT.prepare(c, Params.of("id", id).and("tenant", tenantId).and("body", body))) {
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
        }));
    }

    public long count(String tenantId) {
        return database.read(c -> {
            try (var s = COUNT.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreUnavailable("bench insert failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
