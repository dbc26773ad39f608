package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.AlertRule;
import io.feedbackhub.webhooks.AlertStore;
import io.feedbackhub.webhooks.AlertTransition;
import io.feedbackhub.webhooks.EventType;
import io.feedbackhub.webhooks.OutboxEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert rules, their history, and the outbox event of each state change, written with it. */
final class JdbcAlertStore implements AlertStore {
    private static final NamedSql INSERT = NamedSql.of("INSERT INTO alert_rules (" + AlertRows.COLUMNS + """
            ) VALUES (:tenant_id, :id, :description, :feedback_filter, :window_seconds, :min_count, :condition_text, :compare,
                :enabled, :state, :state_since, NULL, NULL, NULL, NULL, NULL, :next_evaluation_at, :created_at, :updated_at)""");
    private static final NamedSql FIND = NamedSql.of("SELECT " + AlertRows.COLUMNS + " FROM alert_rules WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql LIST = NamedSql.of("SELECT " + AlertRows.COLUMNS + " FROM alert_rules WHERE tenant_id = :tenant ORDER BY id");
    private static final NamedSql COUNT = NamedSql.of("SELECT COUNT(*) FROM alert_rules WHERE tenant_id = :tenant");
    private static final NamedSql UPDATE = NamedSql.of("""
            UPDATE alert_rules SET description = :description, feedback_filter = :feedback_filter, window_seconds = :window_seconds,
                min_count = :min_count, condition_text = :condition_text, compare = :compare, enabled = :enabled, state = :state,
                state_since = :state_since, next_evaluation_at = :next_evaluation_at, updated_at = :updated_at
            WHERE tenant_id = :tenant_id AND id = :id""");
    private static final NamedSql DELETE_HISTORY = NamedSql.of("DELETE FROM alert_history WHERE tenant_id = :tenant AND rule_id = :id");
    private static final NamedSql DELETE = NamedSql.of("DELETE FROM alert_rules WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql ANY_DUE = NamedSql.of("SELECT 1 FROM alert_rules WHERE enabled = 1 AND next_evaluation_at <= :now LIMIT 1");
    private static final String CLAIM_DUE = """
            WITH due AS (
                SELECT tenant_id, id FROM alert_rules WHERE enabled = 1 AND next_evaluation_at <= :now
                ORDER BY next_evaluation_at LIMIT :limit%s)
            UPDATE alert_rules SET next_evaluation_at = :next
            WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM due)
            RETURNING\s""" + AlertRows.COLUMNS;
    private static final NamedSql SAVE_MEASURE = NamedSql.of("""
            UPDATE alert_rules SET last_evaluated_at = :at, last_count = :count, last_value = :value, last_low = :low, last_high = :high
            WHERE tenant_id = :tenant AND id = :id""");
    private static final NamedSql TRANSITION = NamedSql.of("""
            UPDATE alert_rules SET state = :to, state_since = :at, last_evaluated_at = :at, last_count = :count,
                last_value = :value, last_low = :low, last_high = :high
            WHERE tenant_id = :tenant AND id = :id AND state = :from AND enabled = 1""");
    private static final NamedSql INSERT_HISTORY = NamedSql.of("INSERT INTO alert_history (tenant_id, " + AlertRows.HISTORY_COLUMNS + """
            ) VALUES (:tenant, :id, :rule, :state, :at, :count, :value, :low, :high, :from, :to)""");
    private static final NamedSql HISTORY = NamedSql.of("SELECT " + AlertRows.HISTORY_COLUMNS + """
             FROM alert_history
            WHERE tenant_id = :tenant AND rule_id = :rule ORDER BY id DESC LIMIT :limit""");

    private final Database database;
    private final EndpointRows endpoints;
    private final NamedSql claimDue;

    JdbcAlertStore(Database database, EndpointRows endpoints) {
        this.database = database;
        this.endpoints = endpoints;
        this.claimDue = NamedSql.of(CLAIM_DUE.formatted(database.kind().forUpdateSkipLocked));
    }

    @Override
    public void insert(AlertRule rule) {
        database.inTransaction(c -> Statements.update(c, INSERT, AlertRows.bind(rule)));
    }

    @Override
    public Optional<AlertRule> find(String tenantId, String id) {
        return database.read(c -> Statements.rows(c, FIND, Params.of("tenant", tenantId).and("id", id), AlertRows::rule)).stream().findFirst();
    }

    @Override
    public List<AlertRule> list(String tenantId) {
        return database.read(c -> Statements.rows(c, LIST, Params.of("tenant", tenantId), AlertRows::rule));
    }

    @Override
    public int count(String tenantId) {
        return Math.toIntExact(database.read(c -> Statements.number(c, COUNT, Params.of("tenant", tenantId))));
    }

    @Override
    public boolean update(AlertRule rule) {
        return database.inTransaction(c -> Statements.update(c, UPDATE, AlertRows.bind(rule))) == 1;
    }

    @Override
    public boolean delete(String tenantId, String id) {
        var params = Params.of("tenant", tenantId).and("id", id);
        return database.inTransaction(c -> {
            Statements.update(c, DELETE_HISTORY, params);
            return Statements.update(c, DELETE, params) == 1;
        });
    }

    @Override
    public List<AlertTransition> history(String tenantId, String ruleId, int limit) {
        return database.read(c -> Statements.rows(c, HISTORY, Params.of("tenant", tenantId).and("rule", ruleId).and("limit", limit),
                AlertRows::transition));
    }

    /** A read first: on SQLite even a claim that finds nothing takes the write lock. */
    @Override
    public List<AlertRule> claimDue(Instant now, Instant next, int limit) {
        return database.read(c -> {
            if (!Statements.any(c, ANY_DUE, Params.of("now", now.toEpochMilli()))) {
                return List.of();
            }
            return Statements.rows(c, claimDue, Params.of("now", now.toEpochMilli()).and("limit", limit).and("next", next.toEpochMilli()),
                    AlertRows::rule);
        });
    }

    @Override
    public void saveMeasure(AlertRule rule, AlertRule.Measure measure) {
        database.inTransaction(c -> Statements.update(c, SAVE_MEASURE, AlertRows.bind(rule, measure)));
    }

    @Override
    public boolean transition(AlertRule rule, AlertRule.State to, AlertTransition t, EventType type, String payload) {
        return database.inTransaction(c -> {
            var m = t.measure();
            if (Statements.update(c, TRANSITION, AlertRows.bind(rule, m).and("to", to.wire()).and("from", rule.state().wire())) != 1) {
                return false;
            }
            Statements.update(c, INSERT_HISTORY, AlertRows.bind(rule, m).and("rule", rule.id()).and("id", t.id()).and("state", t.state())
                    .and("from", m.windowFrom().toEpochMilli()).and("to", m.windowTo().toEpochMilli()));
            var subscribed = OutboxRows.subscribers(c, endpoints, rule.tenantId(), type);
            OutboxRows.insert(c, List.of(new OutboxEvent(rule.tenantId(), t.id(), type, null, payload, null, null, subscribed)), m.evaluatedAt());
            return true;
        });
    }
}
