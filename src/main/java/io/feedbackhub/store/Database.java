package io.feedbackhub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackhub.core.StoreUnavailable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** The connection pool of one database, its kind, and the SQL helpers every repository uses. */
public final class Database implements AutoCloseable {
    /** How long a request waits for a free connection before the store counts as unavailable (fail fast: 503). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private static final long ADVISORY_LOCK_ID = 0x46656564_4875624CL; // "FeedHubL"

    private final DatabaseKind kind;
    private final HikariDataSource pool;

    private Database(DatabaseKind kind, HikariDataSource pool) {
        this.kind = kind;
        this.pool = pool;
    }

    /** An embedded SQLite file under {@code dataDir}: WAL, fsync on every commit (synchronous=FULL). */
    public static Database sqlite(Path dataDir, int poolSize) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        var config = baseConfig("feedback-hub-sqlite", poolSize);
        config.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("feedback-hub.db").toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        config.addDataSourceProperty("foreign_keys", "false");
        return new Database(DatabaseKind.SQLITE, new HikariDataSource(config));
    }

    public static Database postgres(String jdbcUrl, int poolSize) {
        var config = baseConfig("feedback-hub-postgres", poolSize);
        config.setJdbcUrl(jdbcUrl);
        // Without these a dead server can hang a request for minutes instead of answering 503.
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setInitializationFailTimeout(-1);
        return new Database(DatabaseKind.POSTGRES, new HikariDataSource(config));
    }

    /** The pool puts auto-commit back when a connection returns, so a broken connection needs no reset. */
    private static HikariConfig baseConfig(String name, int poolSize) {
        var config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        return config;
    }

    public DatabaseKind kind() {
        return kind;
    }

    public void migrate() {
        new Migrator(this).migrate();
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        try (var connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        }
    }

    /** Runs {@code work} in one transaction on a pooled connection; rolls back on any failure. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (var connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                var result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreErrors.classify(e);
        }
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

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool will discard it
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
