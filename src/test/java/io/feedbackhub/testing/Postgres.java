package io.feedbackhub.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The local PostgreSQL server (127.0.0.1, trust auth; port 5432 unless {@code -Dfeedbackhub.test.postgres.port} says
 * otherwise); each test class gets a database of its own.
 */
public final class Postgres {
    public static final int PORT = Integer.getInteger("feedbackhub.test.postgres.port", 5432);
    public static final String ADDRESS = "127.0.0.1:" + PORT;
    public static final String SERVER = "jdbc:postgresql://" + ADDRESS + "/";
    private static final String ADMIN_URL = SERVER + "postgres?user=postgres";

    private Postgres() {
    }

    /** Creates a fresh empty database and returns its JDBC URL. */
    public static String createDatabase() {
        var name = "fh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        return SERVER + name + "?user=postgres";
    }

    public static void dropDatabase(String url) {
        var name = url.substring(SERVER.length(), url.indexOf('?'));
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (var c = DriverManager.getConnection(ADMIN_URL); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADDRESS + " is needed by the tests (" + sql + "): " + e.getMessage(), e);
        }
    }
}
