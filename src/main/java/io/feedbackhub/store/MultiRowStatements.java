package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One statement for many rows or many ids, where a batch would otherwise run one statement per item: a multi-row
 * {@code INSERT ... VALUES (...), (...) ... RETURNING}, and {@code id IN (...)} on SQLite or {@code id = ANY(?)} on
 * PostgreSQL. Rows go in chunks of {@link #CHUNK}: 500 feedback rows bind 14,000 values, under SQLite's 32,766 and
 * PostgreSQL's 65,535.
 */
final class MultiRowStatements {
    static final int CHUNK = 500;

    private MultiRowStatements() {
    }

    /**
     * Inserts {@code rows} with {@code insert} ("INSERT INTO t (a, b) VALUES (:a, :b)") followed by {@code tail} (an ON
     * CONFLICT clause and RETURNING one text column), in list order; returns every value the RETURNING gave.
     */
    static Set<String> insertReturning(Connection c, NamedSql insert, String tail, List<Params> rows) throws SQLException {
        return insertReturning(c, insert, tail, rows.size(), (s, at, i) -> bind(s, at, insert, rows.get(i)));
    }

    /** Binds row {@code row}'s values from parameter {@code at} on; returns the next free parameter. */
    @FunctionalInterface
    interface RowBinder {
        int bind(PreparedStatement s, int at, int row) throws SQLException;
    }

    /** {@link #insertReturning(Connection, NamedSql, String, List)} of {@code count} rows bound by {@code binder}. */
    static Set<String> insertReturning(Connection c, NamedSql insert, String tail, int count, RowBinder binder) throws SQLException {
        var sql = insert.jdbcSql();
        int valuesAt = sql.lastIndexOf('(');
        var head = sql.substring(0, valuesAt);
        var tuple = sql.substring(valuesAt);
        var returned = new HashSet<String>();
        for (int from = 0; from < count; from += CHUNK) {
            int to = Math.min(count, from + CHUNK);
            var text = new StringBuilder(head.length() + (to - from) * (tuple.length() + 1) + tail.length()).append(head);
            for (int i = from; i < to; i++) {
                text.append(i == from ? "" : ",").append(tuple);
            }
            text.append(' ').append(tail);
            try (var s = c.prepareStatement(text.toString())) {
                int at = 1;
                for (int i = from; i < to; i++) {
                    at = binder.bind(s, at, i);
                }
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        returned.add(rs.getString(1));
                    }
                }
            }
        }
        return returned;
    }

    /** Binds one row's values from parameter {@code at} on; returns the next free parameter. */
    private static int bind(PreparedStatement s, int at, NamedSql row, Params params) throws SQLException {
        for (var name : row.names()) {
            var value = params.value(name);
            if (value == null) {
                s.setNull(at++, Types.NULL);
            } else {
                s.setObject(at++, value);
            }
        }
        return at;
    }

    /** {@code column IN (?, ...)} or {@code column = ANY(?)}; bind its values with {@link #bindIds}. */
    static String anyOf(DatabaseKind kind, String column, int count) {
        if (kind == DatabaseKind.POSTGRES) {
            return column + " = ANY(?)";
        }
        return column + " IN (" + "?,".repeat(count - 1) + "?)";
    }

    /** Binds what {@link #anyOf} asked for, from parameter {@code at} on; returns the next free parameter. */
    static int bindIds(Connection c, DatabaseKind kind, PreparedStatement s, int at, Collection<String> ids) throws SQLException {
        if (kind == DatabaseKind.POSTGRES) {
            s.setArray(at, c.createArrayOf("text", ids.toArray()));
            return at + 1;
        }
        for (var id : ids) {
            s.setString(at++, id);
        }
        return at;
    }

    /** {@code ids} in chunks that {@link #anyOf} can take on SQLite. */
    static List<List<String>> chunks(Collection<String> ids) {
        var all = new ArrayList<>(ids);
        var chunks = new ArrayList<List<String>>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
