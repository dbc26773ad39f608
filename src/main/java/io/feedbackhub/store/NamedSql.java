package io.feedbackhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL with {@code :name} parameters, turned into a JDBC statement with {@code ?}s; values are always bound. */
public record NamedSql(String jdbcSql, List<String> names) {

    public static NamedSql of(String sql) {
        var out = new StringBuilder();
        var names = new ArrayList<String>();
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') { // copy string literals untouched
                int end = sql.indexOf('\'', i + 1);
                out.append(sql, i, end + 1);
                i = end;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') { // PostgreSQL cast
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }

    public PreparedStatement prepare(Connection connection, Params params) throws SQLException {
        var statement = connection.prepareStatement(jdbcSql);
        try {
            bind(statement, params);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Binds every named parameter; for statements reused with {@code addBatch}. */
    public void bind(PreparedStatement statement, Params params) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            var name = names.get(i);
            if (!params.values.containsKey(name)) {
                throw new IllegalArgumentException("no value bound for :" + name + " in " + jdbcSql);
            }
            var value = params.values.get(name);
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** Named values for one statement; nulls allowed. */
    public static final class Params {
        private final Map<String, Object> values = new HashMap<>();

        public static Params of(String name, Object value) {
            return new Params().and(name, value);
        }

        public Params and(String name, Object value) {
            values.put(name, value);
            return this;
        }

        /** The value bound for {@code name}; every name must be bound, to null where null is meant. */
        Object value(String name) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value bound for :" + name);
            }
            return values.get(name);
        }
    }
}
