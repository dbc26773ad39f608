package io.feedbackhub.store;

import io.feedbackhub.insight.Interval;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.AlertCondition;
import io.feedbackhub.webhooks.AlertFilter;
import io.feedbackhub.webhooks.AlertRule;
import io.feedbackhub.webhooks.AlertTransition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** The alert_rules and alert_history rows: their columns, how to read one, how to bind one. */
final class AlertRows {
    static final String COLUMNS = """
            tenant_id, id, description, feedback_filter, window_seconds, min_count, condition_text, compare, enabled, state,
            state_since, last_evaluated_at, last_count, last_value, last_low, last_high, next_evaluation_at, created_at, updated_at""";
    static final String HISTORY_COLUMNS = "id, rule_id, state, changed_at, n, value, low, high, window_from, window_to";

    private AlertRows() {
    }

    static AlertRule rule(ResultSet rs) throws SQLException {
        var window = Duration.ofSeconds(rs.getLong("window_seconds"));
        var evaluatedAt = EndpointRows.instant(rs, "last_evaluated_at");
        AlertRule.Measure last = null;
        if (evaluatedAt != null) {
            last = new AlertRule.Measure(evaluatedAt, AlertRule.windowStart(evaluatedAt, window), evaluatedAt,
                    rs.getLong("last_count"), doubleOrNull(rs, "last_value"), interval(rs, "last_low", "last_high"));
        }
        return new AlertRule(rs.getString("tenant_id"), rs.getString("id"), rs.getString("description"),
                AlertFilter.fromStored(rs.getString("feedback_filter")), window, rs.getLong("min_count"),
                AlertCondition.parse(rs.getString("condition_text")),
                AlertRule.Compare.parse(rs.getString("compare")).orElseThrow(), rs.getInt("enabled") == 1,
                rs.getString("state").equals("firing") ? AlertRule.State.FIRING : AlertRule.State.OK,
                EndpointRows.instant(rs, "state_since"), last, EndpointRows.instant(rs, "next_evaluation_at"),
                EndpointRows.instant(rs, "created_at"), EndpointRows.instant(rs, "updated_at"));
    }

    static AlertTransition transition(ResultSet rs) throws SQLException {
        var measure = new AlertRule.Measure(EndpointRows.instant(rs, "changed_at"), EndpointRows.instant(rs, "window_from"),
                EndpointRows.instant(rs, "window_to"), rs.getLong("n"), doubleOrNull(rs, "value"), interval(rs, "low", "high"));
        return new AlertTransition(rs.getString("id"), rs.getString("rule_id"), rs.getString("state"), measure);
    }

    static Params bind(AlertRule r) {
        return Params.of("tenant_id", r.tenantId()).and("id", r.id()).and("description", r.description())
                .and("feedback_filter", r.filter().toJson().toString()).and("window_seconds", r.window().toSeconds())
                .and("min_count", r.minCount()).and("condition_text", r.condition().toString()).and("compare", r.compare().wire())
                .and("enabled", r.enabled() ? 1 : 0).and("state", r.state().wire()).and("state_since", r.stateSince().toEpochMilli())
                .and("next_evaluation_at", r.nextEvaluationAt().toEpochMilli()).and("created_at", r.createdAt().toEpochMilli())
                .and("updated_at", r.updatedAt().toEpochMilli());
    }

    /** What an evaluation saw, as {@code :at}, {@code :count}, {@code :value}, {@code :low} and {@code :high}. */
    static Params bind(AlertRule r, AlertRule.Measure m) {
        return Params.of("tenant", r.tenantId()).and("id", r.id()).and("at", m.evaluatedAt().toEpochMilli()).and("count", m.count())
                .and("value", m.value()).and("low", m.interval() == null ? null : m.interval().low())
                .and("high", m.interval() == null ? null : m.interval().high());
    }

    private static Interval interval(ResultSet rs, String low, String high) throws SQLException {
        var l = doubleOrNull(rs, low);
        var h = doubleOrNull(rs, high);
        return l == null || h == null ? null : new Interval(l, h);
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
