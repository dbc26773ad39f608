package io.feedbackhub.webhooks;

import io.feedbackhub.insight.Interval;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.DatabaseKind;
import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Alert rules, their history, and the rollup sums they are evaluated on, in SQL. */
final class AlertStore {
    private static final String COLUMNS = """
            tenant_id, id, description, feedback_filter, window_seconds, min_count, condition_text, compare, enabled, state,
            state_since, last_evaluated_at, last_count, last_value, last_low, last_high, next_evaluation_at, created_at, updated_at""";
    private static final NamedSql INSERT = NamedSql.of("INSERT INTO alert_rules (" + COLUMNS + """
            ) VALUES (:tenant_id, :id, :description, :feedback_filter, :window_seconds, :min_count, :condition_text, :compare,
                :enabled, :state, :state_since, :last_evaluated_at, :last_count, :last_value, :last_low, :last_high,
                :next_evaluation_at, :created_at, :updated_at)""");
    private static final NamedSql FIND = NamedSql.of("SELECT " + COLUMNS + " FROM alert_rules WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST = NamedSql.of("SELECT " + COLUMNS + " FROM alert_rules WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql COUNT = NamedSql.of("SELECT COUNT(*) FROM alert_rules WHERE tenant_id = :tenant");
    private static final NamedSql UPDATE = NamedSql.of("""
            UPDATE alert_rules SET description = :description, feedback_filter = :feedback_filter, window_seconds = :window_seconds,
                min_count = :min_count, condition_text = :condition_text, compare = :compare, enabled = :enabled, state = :state,
                state_since = :state_since, next_evaluation_at = :next_evaluation_at, updated_at = :updated_at
            WHERE tenant_id = :tenant_id AND id = :id""");
    private static final NamedSql DELETE_HISTORY = NamedSql.of("DELETE FROM alert_history WHERE tenant_id = :tenant AND rule_id = :id");
    private static final NamedSql DELETE = NamedSql.of("DELETE FROM alert_rules WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql ANY_DUE = NamedSql.of("SELECT 1 FROM alert_rules WHERE enabled = 1 AND next_evaluation_at <= :now LIMIT 1");
    private static final NamedSql SAVE_MEASURE = NamedSql.of("""
            UPDATE alert_rules SET last_evaluated_at = :at, last_count = :count, last_value = :value, last_low = :low, last_high = :high
            WHERE tenant_id = :tenant AND id = :id""");
    private static final NamedSql TRANSITION = NamedSql.of("""
            UPDATE alert_rules SET state = :to, state_since = :at, last_evaluated_at = :at, last_count = :count,
                last_value = :value, last_low = :low, last_high = :high
            WHERE tenant_id = :tenant AND id = :id AND state = :from AND enabled = 1""");
    private static final NamedSql INSERT_HISTORY = NamedSql.of("""
            INSERT INTO alert_history (tenant_id, rule_id, id, state, changed_at, n, value, low, high, window_from, window_to)
            VALUES (:tenant, :rule, :id, :state, :at, :count, :value, :low, :high, :from, :to)""");
    private static final NamedSql HISTORY = NamedSql.of("""
            SELECT id, rule_id, state, changed_at, n, value, low, high, window_from, window_to FROM alert_history
            WHERE tenant_id = :tenant AND rule_id = :rule ORDER BY id DESC LIMIT :limit""");
    /** The tenant's enabled endpoints; {@link ReviewEvents} picks its subscribers from them too. */
    static final NamedSql SUBSCRIBERS = NamedSql.of("SELECT " + EndpointRows.COLUMNS
            + " FROM webhook_endpoints WHERE tenant_id = :tenant AND enabled = 1");

    private final Database database;
    private final NamedSql claimDue;

    AlertStore(Database database) {
        this.database = database;
        var skipLocked = database.kind() == DatabaseKind.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        this.claimDue = NamedSql.of("""
                WITH due AS (
                    SELECT tenant_id, id FROM alert_rules WHERE enabled = 1 AND next_evaluation_at <= :now
                    ORDER BY next_evaluation_at LIMIT :limit%s)
                UPDATE alert_rules SET next_evaluation_at = :next
                WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM due)
                RETURNING %s""".formatted(skipLocked, COLUMNS));
    }

    void insert(AlertRule r) {
        database.inTransaction(c -> update(c, INSERT, bind(r).and("last_evaluated_at", null).and("last_count", null)
                .and("last_value", null).and("last_low", null).and("last_high", null)));
    }

    Optional<AlertRule> find(String tenantId, String id) {
        return database.read(c -> rules(c, FIND, Params.of("tenant", tenantId).and("id", id)).stream().findFirst());
    }

    List<AlertRule> list(String tenantId) {
        return database.read(c -> rules(c, LIST, Params.of("tenant", tenantId)));
    }

    int count(String tenantId) {
        return database.read(c -> {
            try (var s = COUNT.prepare(c, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    boolean update(AlertRule r) {
        return database.inTransaction(c -> update(c, UPDATE, bind(r))) == 1;
    }

    boolean delete(String tenantId, String id) {
        var params = Params.of("tenant", tenantId).and("id", id);
        return database.inTransaction(c -> {
            update(c, DELETE_HISTORY, params);
            return update(c, DELETE, params) == 1;
        });
    }

    List<AlertTransition> history(String tenantId, String ruleId, int limit) {
        return database.read(c -> {
            try (var s = HISTORY.prepare(c, Params.of("tenant", tenantId).and("rule", ruleId).and("limit", limit)); var rs = s.executeQuery()) {
                var out = new ArrayList<AlertTransition>();
                while (rs.next()) {
                    var measure = new AlertRule.Measure(instant(rs, "changed_at"), instant(rs, "window_from"), instant(rs, "window_to"),
                            rs.getLong("n"), doubleOrNull(rs, "value"), interval(rs, "low", "high"));
                    out.add(new AlertTransition(rs.getString("id"), rs.getString("rule_id"), rs.getString("state"), measure));
                }
                return out;
            }
        });
    }

    /** Rules due for evaluation, each claimed for one evaluation by pushing its next evaluation to {@code next}. */
    List<AlertRule> claimDue(Instant now, Instant next, int limit) {
        return database.read(c -> {
            try (var s = ANY_DUE.prepare(c, Params.of("now", now.toEpochMilli())); var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
            }
            return rules(c, claimDue, Params.of("now", now.toEpochMilli()).and("limit", limit).and("next", next.toEpochMilli()));
        });
    }

    void saveMeasure(AlertRule r, AlertRule.Measure m) {
        database.inTransaction(c -> update(c, SAVE_MEASURE, measureParams(r, m)));
    }

    /**
     * Moves the rule from one state to the other unless another node already did, and in the same transaction
     * records the transition and queues its webhook event for every enabled endpoint that subscribed to it.
     */
    boolean transition(AlertRule rule, AlertRule.State to, AlertTransition t, EventType type) {
        return database.inTransaction(c -> {
            var m = t.measure();
            if (update(c, TRANSITION, measureParams(rule, m).and("to", to.wire()).and("from", rule.state().wire())) != 1) {
                return false;
            }
            update(c, INSERT_HISTORY, Params.of("tenant", rule.tenantId()).and("rule", rule.id()).and("id", t.id())
                    .and("state", t.state()).and("at", m.evaluatedAt().toEpochMilli()).and("count", m.count()).and("value", m.value())
                    .and("low", m.interval() == null ? null : m.interval().low())
                    .and("high", m.interval() == null ? null : m.interval().high())
                    .and("from", m.windowFrom().toEpochMilli()).and("to", m.windowTo().toEpochMilli()));
            var endpoints = new ArrayList<String>();
            try (var s = SUBSCRIBERS.prepare(c, Params.of("tenant", rule.tenantId())); var rs = s.executeQuery()) {
                while (rs.next()) {
                    var endpoint = EndpointRows.map(rs);
                    if (endpoint.events().contains(type)) {
                        endpoints.add(endpoint.id());
                    }
                }
            }
            var after = new AlertRule(rule.tenantId(), rule.id(), rule.description(), rule.filter(), rule.window(), rule.minCount(),
                    rule.condition(), rule.compare(), rule.enabled(), to, m.evaluatedAt(), m, rule.nextEvaluationAt(),
                    rule.createdAt(), rule.updatedAt());
            OutboxRows.insert(c, List.of(new OutboxRows.Event(rule.tenantId(), t.id(), type, null, AlertJson.event(type, after, t), null, null, endpoints)),
                    m.evaluatedAt().toEpochMilli());
            return true;
        });
    }

    /** Count per label and score moments of the rule's feedback in the rollup hours [fromHour, toHour). */
    record Sums(long n, long labelled, long scoreN, double scoreSum, double scoreSq) {
    }

    Sums sums(AlertRule rule, long fromHour, long toHour) {
        var f = rule.filter();
        var dim = f.metadataKey() != null ? "meta:" + f.metadataKey() : f.contentId() != null ? "content" : "";
        var sql = new StringBuilder("""
                SELECT label, SUM(n) AS n, SUM(score_n) AS score_n, SUM(score_sum) AS score_sum, SUM(score_sq) AS score_sq
                FROM feedback_rollups
                WHERE tenant_id = :tenant AND dim = :dim AND bucket_hour >= :from_hour AND bucket_hour < :to_hour""");
        var params = Params.of("tenant", rule.tenantId()).and("dim", dim).and("from_hour", fromHour).and("to_hour", toHour);
        filter(sql, params, "dim_value", f.metadataKey() != null ? f.metadataValue() : f.contentId());
        filter(sql, params, "agent_id", f.agentId());
        filter(sql, params, "name", f.name());
        filter(sql, params, "label", f.label());
        sql.append(" GROUP BY label");
        var statement = NamedSql.of(sql.toString());
        var label = rule.condition().label();
        return database.read(c -> {
            try (var s = statement.prepare(c, params); var rs = s.executeQuery()) {
                long n = 0;
                long labelled = 0;
                long scoreN = 0;
                double sum = 0;
                double sq = 0;
                while (rs.next()) {
                    n += rs.getLong("n");
                    if (rs.getString("label").equals(label)) {
                        labelled += rs.getLong("n");
                    }
                    scoreN += rs.getLong("score_n");
                    sum += rs.getDouble("score_sum");
                    sq += rs.getDouble("score_sq");
                }
                return new Sums(n, labelled, scoreN, sum, sq);
            }
        });
    }

    // ---------------------------------------------------------------- rows

    private static void filter(StringBuilder sql, Params params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.and(column, value);
        }
    }

    private static Params bind(AlertRule r) {
        return Params.of("tenant_id", r.tenantId()).and("id", r.id()).and("description", r.description())
                .and("feedback_filter", r.filter().toJson().toString()).and("window_seconds", r.window().toSeconds())
                .and("min_count", r.minCount()).and("condition_text", r.condition().toString()).and("compare", r.compare().wire())
                .and("enabled", r.enabled() ? 1 : 0).and("state", r.state().wire()).and("state_since", r.stateSince().toEpochMilli())
                .and("next_evaluation_at", r.nextEvaluationAt().toEpochMilli()).and("created_at", r.createdAt().toEpochMilli())
                .and("updated_at", r.updatedAt().toEpochMilli());
    }

    private static Params measureParams(AlertRule r, AlertRule.Measure m) {
        return Params.of("tenant", r.tenantId()).and("id", r.id()).and("at", m.evaluatedAt().toEpochMilli()).and("count", m.count())
                .and("value", m.value()).and("low", m.interval() == null ? null : m.interval().low())
                .and("high", m.interval() == null ? null : m.interval().high());
    }

    private static List<AlertRule> rules(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var out = new ArrayList<AlertRule>();
            while (rs.next()) {
                out.add(rule(rs));
            }
            return out;
        }
    }

    private static AlertRule rule(ResultSet rs) throws SQLException {
        var window = Duration.ofSeconds(rs.getLong("window_seconds"));
        var evaluatedAt = instant(rs, "last_evaluated_at");
        AlertRule.Measure last = null;
        if (evaluatedAt != null) {
            last = new AlertRule.Measure(evaluatedAt, AlertEvaluator.windowStart(evaluatedAt, window), evaluatedAt,
                    rs.getLong("last_count"), doubleOrNull(rs, "last_value"), interval(rs, "last_low", "last_high"));
        }
        return new AlertRule(rs.getString("tenant_id"), rs.getString("id"), rs.getString("description"),
                AlertFilter.fromStored(rs.getString("feedback_filter")), window, rs.getLong("min_count"),
                AlertCondition.parse(rs.getString("condition_text")),
                AlertRule.Compare.parse(rs.getString("compare")).orElseThrow(), rs.getInt("enabled") == 1,
                rs.getString("state").equals("firing") ? AlertRule.State.FIRING : AlertRule.State.OK, instant(rs, "state_since"),
                last, instant(rs, "next_evaluation_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static int update(Connection c, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(c, params)) {
            return s.executeUpdate();
        }
    }
}
