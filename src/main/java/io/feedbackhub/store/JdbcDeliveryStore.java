package io.feedbackhub.store;

import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.AttemptOutcome;
import io.feedbackhub.webhooks.ClaimedDelivery;
import io.feedbackhub.webhooks.Delivery;
import io.feedbackhub.webhooks.DeliveryStore;
import io.feedbackhub.webhooks.Endpoint;
import io.feedbackhub.webhooks.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Webhook deliveries: listed and re-sent through the API, claimed and recorded by the dispatcher of every node. */
final class JdbcDeliveryStore implements DeliveryStore {
    private static final NamedSql DELIVERY = NamedSql.of("SELECT " + DeliveryRows.COLUMNS + """
            , (SELECT payload FROM webhook_events e WHERE e.tenant_id = d.tenant_id AND e.id = d.event_id) AS payload
            FROM webhook_deliveries d WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event""");
    /** A body not rendered yet ('') reads as none. */
    private static final NamedSql NOT_FANNED_OUT_DELIVERY = NamedSql.of("SELECT " + DeliveryRows.NOT_FANNED_OUT_AS_DELIVERY
            + ", NULLIF(payload, '') AS payload " + DeliveryRows.NOT_FANNED_OUT_TO + " AND id = :event");
    private static final NamedSql RESEND = NamedSql.of("""
            UPDATE webhook_deliveries SET status = 'pending', attempt_count = 0, next_attempt_at = :now, claim_token = NULL,
                updated_at = :now
            WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event
            AND NOT (status = 'pending' AND claim_token IS NOT NULL AND next_attempt_at > :now)""");
    private static final NamedSql DUE = NamedSql.of("""
            SELECT 1 FROM webhook_deliveries
            WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND status = 'pending' AND next_attempt_at <= :now LIMIT 1""");
    private static final String CLAIM = """
            WITH due AS (
                SELECT event_id FROM webhook_deliveries
                WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND status = 'pending' AND next_attempt_at <= :now
                ORDER BY next_attempt_at LIMIT :limit%1$s)
            UPDATE webhook_deliveries SET next_attempt_at = :lease, claim_token = :token
            WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id %2$s
            RETURNING event_id, event_type, attempt_count, attempts,
                (SELECT payload FROM webhook_events e
                 WHERE e.tenant_id = webhook_deliveries.tenant_id AND e.id = webhook_deliveries.event_id) AS payload""";
    /**
     * PostgreSQL: the claimed keys as an array, looked up by primary key (an IN subquery may be planned as a scan of
     * every delivery of the endpoint against each claimed row).
     */
    private static final String CLAIMED_KEYS_POSTGRES = "= ANY(ARRAY(SELECT event_id FROM due))";
    private static final String CLAIMED_KEYS_SQLITE = "IN (SELECT event_id FROM due)";
    private static final NamedSql RECORD = NamedSql.of("""
            UPDATE webhook_deliveries SET status = :status, attempt_count = :attempt_count, next_attempt_at = :next,
                claim_token = NULL, attempts = :attempts, updated_at = :now
            WHERE tenant_id = :tenant AND event_id = :event AND endpoint_id = :endpoint AND claim_token = :token""");
    private static final NamedSql HEALTHY = NamedSql.of("""
            UPDATE webhook_endpoints SET failing_since = NULL WHERE tenant_id = :tenant AND id = :id AND failing_since IS NOT NULL""");
    private static final NamedSql FAILING = NamedSql.of("""
            UPDATE webhook_endpoints SET failing_since = :since WHERE tenant_id = :tenant AND id = :id AND failing_since IS NULL""");
    private static final NamedSql DISABLE = NamedSql.of("""
            UPDATE webhook_endpoints SET enabled = 0, disabled_at = :now, disabled_reason = :reason, updated_at = :now
            WHERE tenant_id = :tenant AND id = :id AND enabled = 1 AND failing_since IS NOT NULL AND failing_since <= :cutoff""");

    private final Database database;
    private final DeliveryRows rows;
    private final NamedSql claim;

    JdbcDeliveryStore(Database database, DeliveryRows rows) {
        this.database = database;
        this.rows = rows;
        var kind = database.kind();
        this.claim = NamedSql.of(CLAIM.formatted(kind.forUpdateSkipLocked,
                kind == DatabaseKind.POSTGRES ? CLAIMED_KEYS_POSTGRES : CLAIMED_KEYS_SQLITE));
    }

    @Override
    public List<Delivery> deliveries(String tenantId, String endpointId, Delivery.Status status, String afterEventId, int limit) {
        var sql = new StringBuilder("SELECT " + DeliveryRows.COLUMNS + ", NULL AS payload FROM webhook_deliveries"
                + " WHERE tenant_id = :tenant AND endpoint_id = :endpoint");
        var params = Params.of("tenant", tenantId).and("endpoint", endpointId).and("limit", limit + 1)
                .and("pattern", DeliveryRows.listed(endpointId));
        if (status != null) {
            sql.append(" AND status = :status");
            params.and("status", status.wire());
        }
        if (afterEventId != null) {
            sql.append(" AND event_id < :after");
            params.and("after", afterEventId);
        }
        // events written but not fanned out yet are pending deliveries too (one statement: one snapshot, no double)
        if (status == null || status == Delivery.Status.PENDING) {
            sql.append(" UNION ALL SELECT ").append(DeliveryRows.NOT_FANNED_OUT_AS_DELIVERY).append(", NULL AS payload ")
                    .append(DeliveryRows.NOT_FANNED_OUT_TO).append(afterEventId != null ? " AND id < :after" : "");
        }
        sql.append(" ORDER BY event_id DESC LIMIT :limit");
        var statement = NamedSql.of(sql.toString());
        return database.read(c -> Statements.rows(c, statement, params, rows::map));
    }

    @Override
    public Optional<Delivery> delivery(String tenantId, String endpointId, String eventId) {
        var params = Params.of("tenant", tenantId).and("endpoint", endpointId).and("event", eventId)
                .and("pattern", DeliveryRows.listed(endpointId));
        return database.read(c -> {
            var fannedOut = Statements.rows(c, DELIVERY, params, rows::map);
            return (fannedOut.isEmpty() ? Statements.rows(c, NOT_FANNED_OUT_DELIVERY, params, rows::map) : fannedOut).stream().findFirst();
        });
    }

    @Override
    public void resend(String tenantId, String endpointId, String eventId, Instant now) {
        database.inTransaction(c -> Statements.update(c, RESEND, Params.of("tenant", tenantId).and("endpoint", endpointId)
                .and("event", eventId).and("now", now.toEpochMilli())));
    }

    @Override
    public boolean hasDue(Endpoint endpoint, Instant now) {
        return database.read(c -> Statements.any(c, DUE, Params.of("tenant", endpoint.tenantId()).and("endpoint", endpoint.id())
                .and("now", now.toEpochMilli())));
    }

    @Override
    public List<ClaimedDelivery> claim(Endpoint endpoint, int limit, Instant now, Instant lease, String token) {
        var params = Params.of("tenant", endpoint.tenantId()).and("endpoint", endpoint.id()).and("now", now.toEpochMilli())
                .and("limit", limit).and("lease", lease.toEpochMilli()).and("token", token);
        return database.read(c -> Statements.rows(c, claim, params, rs -> new ClaimedDelivery(endpoint, rs.getString("event_id"),
                EventType.parse(rs.getString("event_type")).orElseThrow(), rs.getInt("attempt_count"),
                rows.attempts(rs.getString("attempts")), rs.getString("payload"), token)));
    }

    @Override
    public List<Endpoint> record(List<AttemptOutcome> outcomes, Instant now, Duration disableAfter) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        return database.inTransaction(c -> {
            try (var s = c.prepareStatement(RECORD.jdbcSql())) {
                for (var o : outcomes) {
                    var claimed = o.claimed();
                    var attempts = new ArrayList<>(claimed.attempts());
                    attempts.add(o.attempt());
                    RECORD.bind(s, Params.of("status", o.status().wire()).and("attempt_count", o.attemptCount())
                            .and("next", o.nextAttemptAt().toEpochMilli()).and("attempts", rows.attempts(attempts))
                            .and("now", now.toEpochMilli()).and("tenant", claimed.endpoint().tenantId())
                            .and("event", claimed.eventId()).and("endpoint", claimed.endpoint().id()).and("token", claimed.token()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            // per endpoint: healthy if anything got through in this batch, else when its failures began
            var lastFailure = new LinkedHashMap<String, AttemptOutcome>();
            var healthy = new LinkedHashMap<String, Endpoint>();
            for (var o : outcomes) {
                var endpoint = o.claimed().endpoint();
                var key = endpoint.tenantId() + "/" + endpoint.id();
                if (o.attempt().succeeded()) {
                    healthy.put(key, endpoint);
                } else {
                    lastFailure.putIfAbsent(key, o);
                }
            }
            for (var e : healthy.values()) {
                Statements.update(c, HEALTHY, Params.of("tenant", e.tenantId()).and("id", e.id()));
            }
            var disabled = new ArrayList<Endpoint>();
            for (var entry : lastFailure.entrySet()) {
                if (healthy.containsKey(entry.getKey())) {
                    continue;
                }
                var o = entry.getValue();
                var e = o.claimed().endpoint();
                var params = Params.of("tenant", e.tenantId()).and("id", e.id()).and("since", o.attempt().at().toEpochMilli());
                Statements.update(c, FAILING, params);
                var reason = "disabled after failing since before " + now.minus(disableAfter) + "; last attempt: " + o.attempt().describe();
                if (Statements.update(c, DISABLE, params.and("now", now.toEpochMilli()).and("reason", reason)
                        .and("cutoff", now.minus(disableAfter).toEpochMilli())) == 1) {
                    disabled.add(e);
                }
            }
            return disabled;
        });
    }
}
