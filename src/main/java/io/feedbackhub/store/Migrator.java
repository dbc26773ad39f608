package io.feedbackhub.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies the versioned scripts listed in {@code db/migration/index.txt} that the database has not seen.
 * A script {@code Vn__x.sql} serves both databases; {@code Vn__x.<kind>.sql} one of them. Several nodes may
 * start at once: PostgreSQL serializes them on an advisory lock, SQLite on its write lock.
 *
 * <p>A version may also need Java (a SHA-256 the database cannot compute, the rollup contribution rule): its
 * {@link JavaStep} in {@link #JAVA_STEPS} runs in the same transaction once every script of this start has been
 * applied, so that it reads and writes rows with the columns this code knows. A step runs only with the script of
 * its version, so exactly once per database.
 */
final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    /** Work of a version that needs Java; it gets the migration's connection, inside its transaction. */
    interface JavaStep {
        void run(Connection connection, DatabaseKind kind) throws SQLException;
    }

    private static final Map<Integer, JavaStep> JAVA_STEPS = Map.of(10, new SlotIdentityStep());

    /** The version that created rollup_recounts_due. */
    private static final int RECOUNTS_FROM = 12;

    private final Database database;

    Migrator(Database database) {
        this.database = database;
    }

    void migrate() {
        database.inTransaction(connection -> {
            database.lockExclusively(connection);
            try (var s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            var seen = appliedVersions(connection);
            var applied = new TreeSet<Integer>();
            for (var script : scripts()) {
                int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                if (seen.contains(version) || !appliesTo(script)) {
                    continue;
                }
                apply(connection, script);
                try (var s = connection.prepareStatement("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")) {
                    s.setInt(1, version);
                    s.setString(2, script);
                    s.setLong(3, System.currentTimeMillis());
                    s.executeUpdate();
                }
                applied.add(version);
                log.info("migration applied version={} script={}", version, script);
            }
            for (int version : applied) {
                var step = JAVA_STEPS.get(version);
                if (step != null) {
                    step.run(connection, database.kind());
                    log.info("migration step applied version={} step={}", version, step.getClass().getSimpleName());
                }
            }
            recountDue(connection);
            return null;
        });
    }

    /** Tenants a migration marked (V12): their rollups are rebuilt from the live rows before any node serves. */
    private void recountDue(Connection connection) throws SQLException {
        if (currentVersion(connection) < RECOUNTS_FROM) {
            return;
        }
        var tenants = new ArrayList<String>();
        try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT tenant_id FROM rollup_recounts_due ORDER BY tenant_id")) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        for (var tenant : tenants) {
            long started = System.nanoTime();
            RollupRecount.recount(connection, database.kind(), tenant, null);
            try (var s = connection.prepareStatement("DELETE FROM rollup_recounts_due WHERE tenant_id = ?")) {
                s.setString(1, tenant);
                s.executeUpdate();
            }
            log.info("rollups recounted tenant={} millis={}", tenant, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private boolean appliesTo(String script) {
        var parts = script.split("\\.");
        return parts.length == 2 || parts[1].equalsIgnoreCase(database.kind().name());
    }

    private static java.util.Set<Integer> appliedVersions(Connection connection) throws SQLException {
        var versions = new TreeSet<Integer>();
        try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT version FROM schema_migrations")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection connection, String script) throws SQLException {
        try (var s = connection.createStatement()) {
            for (var statement : read("db/migration/" + script).split(";\\s*(\\n|$)")) {
                var sql = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
        }
    }

    private static List<String> scripts() {
        var names = new ArrayList<String>();
        for (var line : read("db/migration/index.txt").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    private static String read(String resource) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
