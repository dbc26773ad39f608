package io.feedbackhub.store;

import io.feedbackhub.insight.RollupColumn;
import io.feedbackhub.insight.RollupCounts;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.insight.RollupReader;
import io.feedbackhub.insight.RollupRow;
import io.feedbackhub.insight.RollupSelection;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sums rollup rows in the database: a range scan of the primary key (tenant, dim, hour, …) grouped by the
 * requested columns, so the rows that travel are one per group and hour at most. The statement text depends only
 * on which columns are grouped and which filters are set (never on values), so there are few, and they are cached.
 */
public final class JdbcRollupReader implements RollupReader {
    private static final String SUMS = """
            SUM(n) AS n, SUM(positive) AS positive, SUM(negative) AS negative, SUM(score_n) AS score_n,
            SUM(score_sum) AS score_sum, SUM(score_sq) AS score_sq, SUM(commented) AS commented""";
    private static final String COUNT_ONLY = "SUM(n) AS n";
    private static final String FROM = """
            FROM feedback_rollups
            WHERE tenant_id = :tenant AND %s AND bucket_hour >= :from_hour AND bucket_hour < :to_hour""";
    /** Writes delete rows that fall to zero (RollupDeltas); a group that sums to no feedback is no group all the same. */
    private static final String NOT_EMPTY = "HAVING SUM(n) <> 0";
    /**
     * For this transaction only. A stats read scans tens of thousands of rollup rows in one key range: compiling it
     * (JIT) costs more than it saves, hashing the groups beats sorting them through temp files (the 4 MB default
     * spills), and the range is better read through the key than by a parallel scan of the whole table, which the
     * default random_page_cost (4, for spinning disks) makes the planner pick for wide ranges.
     */
    private static final String POSTGRES_READ_SETTINGS = """
            SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
                   set_config('random_page_cost', '1.1', true)""";
    /** SQLite's clustered key after V12 (name before agent: reads group by hour, label and name for the score scales). */
    private static final List<String> SQLITE_KEY_ORDER = List.of("dim", "bucket_hour", "dim_value", "label", "name", "agent_id", "source_surface");
    /** PostgreSQL's covering index (V7). */
    private static final List<String> POSTGRES_KEY_ORDER = List.of("dim", "bucket_hour", "dim_value", "label", "agent_id", "name", "source_surface");

    private final Database database;
    private final Map<String, NamedSql> statements = new ConcurrentHashMap<>();

    public JdbcRollupReader(Database database) {
        this.database = database;
    }

    @Override
    public List<RollupRow> sum(RollupSelection s) {
        var params = Params.of("tenant", s.tenantId()).and("from_hour", s.fromHour()).and("to_hour", s.toHour());
        String dims;
        if (s.dims().size() == 1) {
            dims = "dim = :dim";
            params.and("dim", s.dim());
        } else {
            var names = new ArrayList<String>();
            for (int i = 0; i < s.dims().size(); i++) {
                names.add(":dim" + i);
                params.and("dim" + i, s.dims().get(i));
            }
            dims = "dim IN (" + String.join(", ", names) + ")";
        }
        var filters = new StringBuilder();
        filter(filters, params, "agent_id", s.agentId());
        filter(filters, params, "name", s.name());
        filter(filters, params, "label", s.label());
        filter(filters, params, "source_surface", s.sourceSurface());
        filter(filters, params, "dim_value", s.dimValue());
        var columns = s.groupBy().stream().sorted().map(JdbcRollupReader::column).toList();
        var groupBy = groupByInKeyOrder(s, database.kind() == DatabaseKind.POSTGRES ? POSTGRES_KEY_ORDER : SQLITE_KEY_ORDER);
        var sums = s.countOnly() ? COUNT_ONLY : SUMS;
        var text = "SELECT " + (columns.isEmpty() ? "" : String.join(", ", columns) + ", ") + sums + "\n" + FROM.formatted(dims) + filters
                + (columns.isEmpty() ? "" : "\nGROUP BY " + String.join(", ", groupBy)) + "\n" + NOT_EMPTY;
        // one statement per shape; a read of many dimensions (one per metadata value) is not worth caching
        var sql = s.dims().size() > 1 ? NamedSql.of(text) : statements.computeIfAbsent(text, NamedSql::of);
        Database.SqlWork<List<RollupRow>> read = c -> {
            try (var statement = sql.prepare(c, params); var rs = statement.executeQuery()) {
                var rows = new ArrayList<RollupRow>();
                while (rs.next()) {
                    rows.add(row(rs, s));
                }
                return rows;
            }
        };
        if (database.kind() != DatabaseKind.POSTGRES) {
            return database.read(read);
        }
        return database.inTransaction(c -> {
            try (var settings = c.createStatement()) {
                settings.execute(POSTGRES_READ_SETTINGS);
            }
            return read.run(c);
        });
    }

    /**
     * The grouped columns in the order of SQLite's clustered key (V12: dim, hour, dim_value, label, name, agent, surface),
     * with the columns that are constant in this read (filtered by equality; dim_value of the '' dimension) slotted
     * in where they close a gap: grouping by a prefix of the key lets SQLite sum rows as it scans them instead of
     * sorting them first. Adding a constant column changes no group. PostgreSQL hashes either way.
     */
    private static List<String> groupByInKeyOrder(RollupSelection s, List<String> keyOrder) {
        var constant = new java.util.HashSet<String>();
        if (s.dims().size() == 1) {
            constant.add("dim");
        }
        if (s.dimValue() != null || s.dim().equals(RollupKey.ALL)) {
            constant.add("dim_value");
        }
        if (s.label() != null) {
            constant.add("label");
        }
        if (s.agentId() != null) {
            constant.add("agent_id");
        }
        if (s.name() != null) {
            constant.add("name");
        }
        if (s.sourceSurface() != null) {
            constant.add("source_surface");
        }
        var wanted = s.groupBy().stream().map(JdbcRollupReader::column).collect(java.util.stream.Collectors.toSet());
        var order = new ArrayList<String>();
        int remaining = wanted.size();
        for (var column : keyOrder) {
            if (remaining == 0) {
                break;
            }
            if (wanted.contains(column)) {
                order.add(column);
                remaining--;
            } else if (constant.contains(column)) {
                order.add(column);
            }
        }
        return order;
    }

    private static void filter(StringBuilder sql, Params params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.and(column, value);
        }
    }

    private static String column(RollupColumn c) {
        return switch (c) {
            case HOUR -> "bucket_hour";
            case AGENT -> "agent_id";
            case NAME -> "name";
            case LABEL -> "label";
            case SURFACE -> "source_surface";
            case VALUE -> "dim_value";
            case DIM -> "dim";
        };
    }

    private static RollupRow row(ResultSet rs, RollupSelection s) throws SQLException {
        var g = s.groupBy();
        return new RollupRow(
                g.contains(RollupColumn.HOUR) ? rs.getLong("bucket_hour") : RollupRow.NO_HOUR,
                g.contains(RollupColumn.AGENT) ? rs.getString("agent_id") : null,
                g.contains(RollupColumn.NAME) ? rs.getString("name") : null,
                g.contains(RollupColumn.LABEL) ? rs.getString("label") : null,
                g.contains(RollupColumn.SURFACE) ? rs.getString("source_surface") : null,
                g.contains(RollupColumn.VALUE) ? rs.getString("dim_value") : null,
                g.contains(RollupColumn.DIM) ? rs.getString("dim") : null,
                s.countOnly() ? new RollupCounts(rs.getLong("n"), 0, 0, 0, 0, 0, 0)
                        : new RollupCounts(rs.getLong("n"), rs.getLong("positive"), rs.getLong("negative"), rs.getLong("score_n"),
                        rs.getDouble("score_sum"), rs.getDouble("score_sq"), rs.getLong("commented")));
    }
}
