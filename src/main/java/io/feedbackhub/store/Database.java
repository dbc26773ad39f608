package io.feedbackhub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackhub.core.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection pool of one database, its kind, and the SQL helpers every repository uses.
 *
 * <p>Every call has a deadline (the store timeout): the wait for a connection included, after it the caller gets
 * {@link StoreUnavailable}. On PostgreSQL a call past its deadline has its connection aborted ({@link Deadlines});
 * on SQLite the only wait is for the file's write lock, bounded by the busy timeout, set to the same deadline.
 *
 * <p>A transaction is begun, committed and rolled back here and nowhere else. A connection whose transaction state
 * is unknown (its BEGIN, COMMIT or ROLLBACK failed) is evicted from the pool, never lent again: reused, its next
 * statements would each commit on their own, outside any transaction (issue #13, item 1). On SQLite the JDBC
 * connection stays in auto-commit mode and the transaction is SQL ({@code BEGIN IMMEDIATE}, {@code COMMIT}), because
 * sqlite-jdbc's own {@code commit()} runs the next {@code BEGIN IMMEDIATE} at once: that BEGIN can fail on a busy
 * file after the COMMIT succeeded, and the caller could not tell a committed batch from a failed one.
 */
public final class Database implements AutoCloseable {
    /** How long a store call may take unless configured ({@code FEEDBACK_HUB_STORE_TIMEOUT}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** At most this long waiting for a free connection (fail fast: 503), and never longer than the call's deadline. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final long ADVISORY_LOCK_ID = 0x46656564_4875624CL; // "FeedHubL"
    private static final String PROBE = "UPDATE store_probe SET probed_at = ? WHERE id = 1";

    private final DatabaseKind kind;
    private final HikariDataSource pool;
    private final Duration timeout;
    private final String location;
    private final Deadlines deadlines = new Deadlines();
    /** Why the last call found the store unavailable, until a transaction commits; null while it works. */
    private final AtomicReference<String> failure = new AtomicReference<>();

    private Database(DatabaseKind kind, HikariDataSource pool, Duration timeout, String location) {
        this.kind = kind;
        this.pool = pool;
        this.timeout = timeout;
        this.location = location;
    }

    public static Database sqlite(Path dataDir, int poolSize) {
        return sqlite(dataDir, poolSize, DEFAULT_TIMEOUT);
    }

    /** An embedded SQLite file under {@code dataDir}: WAL, fsync on every commit (synchronous=FULL). */
    public static Database sqlite(Path dataDir, int poolSize, Duration timeout) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        var file = dataDir.resolve("feedback-hub.db").toAbsolutePath();
        var config = baseConfig("feedback-hub-sqlite", poolSize, timeout);
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", Long.toString(timeout.toMillis()));
        config.addDataSourceProperty("foreign_keys", "false");
        return new Database(DatabaseKind.SQLITE, new HikariDataSource(config), timeout, "the SQLite file " + file);
    }

    public static Database postgres(String jdbcUrl, int poolSize) {
        return postgres(jdbcUrl, poolSize, DEFAULT_TIMEOUT);
    }

    public static Database postgres(String jdbcUrl, int poolSize, Duration timeout) {
        var config = baseConfig("feedback-hub-postgres", poolSize, timeout);
        config.setJdbcUrl(jdbcUrl);
        // Connecting and logging in are bounded too; the socket timeout is a backstop behind the deadlines
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
        config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
        config.addDataSourceProperty("socketTimeout", Long.toString(2 * seconds));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setInitializationFailTimeout(-1);
        return new Database(DatabaseKind.POSTGRES, new HikariDataSource(config), timeout, "PostgreSQL");
    }

    /** The pool puts auto-commit back when a connection returns, so a broken connection needs no reset. */
    private static HikariConfig baseConfig(String name, int poolSize, Duration timeout) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        var connectionWait = timeout.compareTo(CONNECTION_TIMEOUT) < 0 ? timeout : CONNECTION_TIMEOUT;
        config.setConnectionTimeout(Math.max(250, connectionWait.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(Duration.ofSeconds(2).toMillis(), connectionWait.toMillis() / 2)));
        return config;
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** The store's deadline for one call. */
    public Duration timeout() {
        return timeout;
    }

    public void migrate() {
        new Migrator(this).migrate();
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode. A failure comes out classified (unavailable,
     * unstorable input, or a {@link io.feedbackhub.core.StoreFailure}), never as {@code SQLException}.
     */
    public <T> T read(SqlWork<T> work) {
        try {
            return withConnection(borrowed -> work.run(borrowed.connection));
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        } catch (SqlFailure carried) {
            throw StoreErrors.classify(carried.getCause());
        }
    }

    /** Runs {@code work} in one transaction on a pooled connection; rolls back on any failure. */
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            return transaction(work);
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        } catch (SqlFailure carried) {
            throw StoreErrors.classify(carried.getCause());
        }
    }

    /**
     * Runs {@code work} in one transaction and returns once it committed. Throws the SQL failure as it is (the group
     * commit writer tells refused input from a busy database by it), or {@link StoreUnavailable} past the deadline.
     */
    <T> T transaction(SqlWork<T> work) throws SQLException {
        return withConnection(borrowed -> {
            var connection = borrowed.connection;
            try {
                begin(connection);
            } catch (SQLException | RuntimeException e) {
                borrowed.discard("its BEGIN failed", e);
                throw e;
            }
            T result;
            try {
                result = work.run(connection);
                commit(connection);
            } catch (SQLException | RuntimeException | AssertionError e) {
                rollbackOrDiscard(borrowed, e);
                if (!(e instanceof SQLException) && (borrowed.discarded || !isValid(connection))) {
                    // e.g. pgjdbc's internal assertion when a batch runs on a connection that just died
                    throw new SQLException("database connection lost: " + e, "08006", e);
                }
                throw e;
            }
            failure.set(null);
            return result;
        });
    }

    /** A pooled connection lent to one call; evicted instead of returned when its state is unknown. */
    private static final class Borrowed {
        final Connection connection;
        boolean discarded;

        Borrowed(Connection connection) {
            this.connection = connection;
        }

        void discard(String why, Throwable failure) {
            if (!discarded) {
                log.warn("store connection discarded: {}: {}", why, failure.toString());
                discarded = true;
            }
        }
    }

    @FunctionalInterface
    private interface BorrowedWork<T> {
        T run(Borrowed borrowed) throws SQLException;
    }

    /** Lends a connection to {@code work} within the deadline; notes a failure that makes the store unavailable. */
    private <T> T withConnection(BorrowedWork<T> work) throws SQLException {
        long start = System.nanoTime();
        try (var connection = pool.getConnection()) {
            var borrowed = new Borrowed(connection);
            try {
                return run(work, borrowed, timeout.minusNanos(System.nanoTime() - start));
            } finally {
                if (borrowed.discarded) {
                    pool.evictConnection(connection);
                }
            }
        } catch (SQLException e) {
            noteIfUnavailable(e, e);
            throw e;
        } catch (RuntimeException e) {
            noteIfUnavailable(e, e instanceof SqlFailure f ? f.getCause() : null);
            throw e;
        }
    }

    private <T> T run(BorrowedWork<T> work, Borrowed borrowed, Duration remaining) throws SQLException {
        if (kind != DatabaseKind.POSTGRES) {
            return work.run(borrowed); // SQLite waits only for its write lock, bounded by busy_timeout
        }
        try (var deadline = deadlines.arm(borrowed.connection, remaining)) {
            try {
                return work.run(borrowed);
            } catch (SQLException | RuntimeException | AssertionError e) {
                if (deadline.expired()) {
                    borrowed.discard("past its deadline", e);
                    throw new StoreUnavailable("the database did not answer within " + timeout.toMillis() + " ms", e);
                }
                throw e;
            }
        }
    }

    /** Runs {@code task} after {@code delay} unless cancelled first (the writer's deadline for queued writes). */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return deadlines.after(delay, task);
    }

    private void noteIfUnavailable(Exception e, SQLException sql) {
        if (e instanceof StoreUnavailable || sql != null && StoreErrors.isUnavailable(sql)) {
            failure.set(e.getMessage());
        }
    }

    private void begin(Connection connection) throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            try (var s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        } else {
            connection.setAutoCommit(false);
        }
    }

    private void commit(Connection connection) throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            try (var s = connection.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    private void rollbackOrDiscard(Borrowed borrowed, Throwable cause) {
        try {
            if (kind == DatabaseKind.SQLITE) {
                try (var s = borrowed.connection.createStatement()) {
                    s.execute("ROLLBACK");
                }
            } else {
                borrowed.connection.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            e.addSuppressed(cause);
            borrowed.discard("its ROLLBACK failed", e);
        }
    }

    /**
     * True when a write can commit now: a one-row write on SQLite (a held write lock, a full disk), and on PostgreSQL
     * the same once a write failed as unavailable, a trivial query otherwise (no write per probe of every node).
     */
    public boolean writable() {
        if (kind == DatabaseKind.POSTGRES && failure.get() == null) {
            return answers();
        }
        try {
            inTransaction(c -> {
                try (var s = c.prepareStatement(PROBE)) {
                    s.setLong(1, System.currentTimeMillis());
                    return s.executeUpdate();
                }
            });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Why the store is unavailable now, if the last call found it so and no transaction committed since. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** What an operator must free or fix when this store cannot write: the file, or the PostgreSQL server. */
    public String location() {
        return location;
    }

    /**
     * Inside a transaction, waits until no other node holds the same lock (start-up work: migrations,
     * bootstrap). PostgreSQL: an advisory lock; SQLite: its single write lock, taken by a write.
     */
    public void lockExclusively(Connection connection) throws SQLException {
        try (var s = connection.createStatement()) {
            if (kind == DatabaseKind.POSTGRES) {
                s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_ID + ")");
            } else {
                s.execute("CREATE TABLE IF NOT EXISTS schema_lock (id INTEGER)");
                s.execute("DELETE FROM schema_lock");
            }
        }
    }

    /** A raw pooled connection, for tests in this package that drive concurrent transactions by hand. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** True when the database answers a trivial query within two seconds. */
    public boolean answers() {
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        deadlines.close();
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
