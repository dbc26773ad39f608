package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Running one named statement on a connection: its rows through a mapper, its first column, or its update count. */
final class Statements {
    private Statements() {
    }

    static <T> List<T> rows(Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var out = new ArrayList<T>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static List<String> strings(Connection c, NamedSql sql, Params params) throws SQLException {
        return rows(c, sql, params, rs -> rs.getString(1));
    }

    /** The first column of a statement that returns one row (a count). */
    static long number(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean any(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            return rs.next();
        }
    }

    static int update(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            return s.executeUpdate();
        }
    }
}
