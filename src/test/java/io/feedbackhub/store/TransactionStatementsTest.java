package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.testing.Postgres;
import io.feedbackhub.testing.StoreKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A statement bound again in one transaction runs with the new values only, and closing closes every statement. */
class TransactionStatementsTest {
    private static final NamedSql CREATE = NamedSql.of("CREATE TABLE reuse_probe (k TEXT PRIMARY KEY, v TEXT)");
    private static final NamedSql INSERT = NamedSql.of("INSERT INTO reuse_probe (k, v) VALUES (:k, :v)");
    private static final NamedSql FIND = NamedSql.of("SELECT v FROM reuse_probe WHERE k = :k");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aReboundStatementRunsWithTheNewValuesAndClosesWithTheTransaction(StoreKind kind) {
        var url = kind == StoreKind.POSTGRES ? Postgres.createDatabase() : null;
        try (var database = kind == StoreKind.POSTGRES ? Database.postgres(url, 2) : Database.sqlite(dir, 2)) {
            var found = new ArrayList<String>();
            var used = new ArrayList<PreparedStatement>();
            database.inTransaction(c -> {
                try (var create = c.createStatement()) {
                    create.execute(CREATE.jdbcSql());
                }
                var statements = new TransactionStatements(c);
                for (var k : List.of("a", "b", "c")) {
                    var insert = statements.bound(INSERT, Params.of("k", k).and("v", "value of " + k));
                    used.add(insert);
                    assertEquals(1, insert.executeUpdate());
                }
                for (var k : List.of("c", "a", "none")) {
                    try (var rs = statements.bound(FIND, Params.of("k", k)).executeQuery()) {
                        found.add(rs.next() ? rs.getString(1) : "-");
                    }
                }
                statements.close();
                return null;
            });
            assertSame(used.get(0), used.get(2), "prepared once in the transaction");
            assertEquals(List.of("value of c", "value of a", "-"), found);
            for (var statement : used) {
                assertTrue(isClosed(statement));
            }
        } finally {
            if (url != null) {
                Postgres.dropDatabase(url);
            }
        }
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
