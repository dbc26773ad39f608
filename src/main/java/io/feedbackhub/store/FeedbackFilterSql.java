package io.feedbackhub.store;

import io.feedbackhub.core.Condition;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.store.NamedSql.Params;

import java.util.TreeSet;

/**
 * The WHERE conditions of a {@link FeedbackFilter} on the {@code feedback} table (unaliased columns), values bound as
 * named parameters: the one mapping from filters to SQL, for listings, counts, scans and the export. Every condition
 * is two-valued as {@link Condition#test} is: a NULL column makes a comparison false, never unknown, so that
 * {@link Condition.Not} of it is true.
 */
final class FeedbackFilterSql {
    private final StringBuilder sql;
    private final Params params;
    private final DatabaseKind kind;
    private int next;

    private FeedbackFilterSql(StringBuilder sql, Params params, DatabaseKind kind) {
        this.sql = sql;
        this.params = params;
        this.kind = kind;
    }

    /** Appends " AND …" for every condition of {@code filter}. */
    static void append(StringBuilder sql, Params params, FeedbackFilter filter, DatabaseKind kind) {
        var writer = new FeedbackFilterSql(sql, params, kind);
        for (var c : filter.conditions()) {
            sql.append(" AND ");
            writer.condition(c);
        }
    }

    private void all(FeedbackFilter filter) {
        if (filter.conditions().isEmpty()) {
            sql.append("1 = 1");
            return;
        }
        sql.append('(');
        var first = true;
        for (var c : filter.conditions()) {
            sql.append(first ? "" : " AND ");
            condition(c);
            first = false;
        }
        sql.append(')');
    }

    private void condition(Condition condition) {
        switch (condition) {
            case Condition.OneOf(var field, var values) -> in(column(field), values);
            case Condition.Present(var field) -> sql.append(column(field)).append(" IS NOT NULL");
            case Condition.ScoreBetween(var min, var max) -> {
                sql.append("(score IS NOT NULL");
                if (min != null) {
                    sql.append(" AND score >= :").append(bind(min));
                }
                if (max != null) {
                    sql.append(" AND score <= :").append(bind(max));
                }
                sql.append(')');
            }
            case Condition.CreatedBetween(var from, var to) -> {
                sql.append("(1 = 1");
                if (from != null) {
                    sql.append(" AND created_at >= :").append(bind(from.toEpochMilli()));
                }
                if (to != null) {
                    sql.append(" AND created_at < :").append(bind(to.toEpochMilli()));
                }
                sql.append(')');
            }
            case Condition.MetadataOneOf(var key, var values) -> in(kind.metadataValue(bind(key)), values);
            case Condition.MetadataPresent(var key) -> sql.append(kind.metadataValue(bind(key))).append(" IS NOT NULL");
            case Condition.Not(var inner) -> {
                // COALESCE: NOT of an unknown (a NULL column) would be unknown, where the record-in-hand test says true
                sql.append("NOT COALESCE(");
                condition(inner);
                sql.append(", FALSE)");
            }
            case Condition.AnyOf(var alternatives) -> {
                sql.append('(');
                for (int i = 0; i < alternatives.size(); i++) {
                    sql.append(i == 0 ? "" : " OR ");
                    all(alternatives.get(i));
                }
                sql.append(')');
            }
        }
    }

    /** Sorted, so that one filter always gives one statement text. */
    private void in(String expression, java.util.Set<String> values) {
        sql.append(expression).append(" IN (");
        var first = true;
        for (var v : new TreeSet<>(values)) {
            sql.append(first ? ":" : ", :").append(bind(v));
            first = false;
        }
        sql.append(')');
    }

    private String bind(Object value) {
        var name = "f" + next++;
        params.and(name, value);
        return name;
    }

    private static String column(FeedbackField field) {
        return switch (field) {
            case ID -> "id";
            case AGENT_ID -> "agent_id";
            case THREAD_ID -> "thread_id";
            case MESSAGE_ID -> "message_id";
            case TRACE_ID -> "trace_id";
            case CONTENT_ID -> "content_id";
            case NAME -> "name";
            case LABEL -> "label";
            case AUTHOR_ID -> "author_id";
            case SOURCE -> "source";
            case SOURCE_SURFACE -> "source_surface";
            case COMMENT -> "comment";
            case SCORE -> "score";
            case CORRECTION -> "correction";
        };
    }
}
