package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The statements of one write transaction, each prepared once and bound again by every write of the group-committed
 * batch: a batch of a hundred items prepares its insert once, not a hundred times (SQLite's prepare was 7-8 % of the
 * writer's native time, bench/RESULTS.md). Callers close the result sets they open, never the statements; {@link #close}
 * does, once the transaction's last statement ran. On a rollback the pool closes them with the connection's return.
 */
final class TransactionStatements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    TransactionStatements(Connection connection) {
        this.connection = connection;
    }

    /** The statement of {@code sql}, prepared on first use in this transaction, with {@code params} bound. */
    PreparedStatement bound(NamedSql sql, Params params) throws SQLException {
        var statement = unbound(sql);
        sql.bind(statement, params);
        return statement;
    }

    /** The statement of {@code sql}, prepared on first use in this transaction, for the caller to bind every parameter. */
    PreparedStatement unbound(NamedSql sql) throws SQLException {
        var statement = prepared.get(sql.jdbcSql());
        if (statement == null) {
            statement = connection.prepareStatement(sql.jdbcSql());
            prepared.put(sql.jdbcSql(), statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (var statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (first != null) {
            throw first;
        }
    }
}
