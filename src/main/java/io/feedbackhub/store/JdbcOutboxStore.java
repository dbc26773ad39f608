package io.feedbackhub.store;

import io.feedbackhub.webhooks.OutboxEvent;

import io.feedbackhub.core.Ids;

import io.feedbackhub.insight.Scales;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.EventType;
import io.feedbackhub.webhooks.OutboxStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/** The webhook outbox after commit: events fanned out into deliveries, and forgotten after the retention. */
final class JdbcOutboxStore implements OutboxStore {
    private static final String TO_FAN_OUT = """
            SELECT tenant_id, id, type, endpoint_ids, created_at, feedback_id, revision, payload FROM webhook_events
            WHERE endpoint_ids IS NOT NULL
            ORDER BY tenant_id, id LIMIT :limit""";
    private static final NamedSql ENDPOINTS_OF = NamedSql.of("SELECT id FROM webhook_endpoints WHERE tenant_id = :tenant");
    private static final NamedSql INSERT_DELIVERY = NamedSql.of("""
            INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, status, attempt_count,
                next_attempt_at, claim_token, attempts, created_at, updated_at)
            VALUES (:tenant, :endpoint, :event, :type, 'pending', 0, :created, NULL, '[]', :created, :created)
            ON CONFLICT (tenant_id, endpoint_id, event_id) DO NOTHING""");
    private static final NamedSql FANNED_OUT = NamedSql.of("""
            UPDATE webhook_events SET endpoint_ids = NULL, payload = :payload WHERE tenant_id = :tenant AND id = :id""");
    // Ids are UUIDv7, so "older than" is a range of the keys: no index on time needed.
    private static final NamedSql ENDPOINT_KEYS = NamedSql.of("SELECT tenant_id, id FROM webhook_endpoints");
    private static final NamedSql TENANTS = NamedSql.of("SELECT id FROM tenants");
    private static final NamedSql CLEAN_DELIVERIES = NamedSql.of("""
            DELETE FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id < :before""");
    private static final NamedSql CLEAN_EVENTS = NamedSql.of("DELETE FROM webhook_events WHERE tenant_id = :tenant AND id < :before");

    /** An outbox event still to be fanned out; its payload is empty until rendered. */
    private record Unfanned(String tenantId, String id, EventType type, List<String> endpointIds, long createdAt,
                            String feedbackId, int revision, String payload) {
    }

    private record EndpointKey(String tenantId, String id) {
    }

    private final Database database;
    private final EndpointRows endpoints;
    private final NamedSql toFanOut;

    JdbcOutboxStore(Database database, EndpointRows endpoints) {
        this.database = database;
        this.endpoints = endpoints;
        this.toFanOut = NamedSql.of(TO_FAN_OUT + database.kind().forUpdateSkipLocked);
    }

    @Override
    public int fanOut(int limit, Bodies bodies) {
        return database.inTransaction(c -> {
            var events = Statements.rows(c, toFanOut, Params.of("limit", limit), rs -> new Unfanned(rs.getString("tenant_id"),
                    rs.getString("id"), EventType.parse(rs.getString("type")).orElseThrow(), List.of(rs.getString("endpoint_ids").split(",")),
                    rs.getLong("created_at"), rs.getString("feedback_id"), rs.getInt("revision"), rs.getString("payload")));
            if (events.isEmpty()) {
                return 0;
            }
            var existing = new HashSet<String>();
            for (var tenant : events.stream().map(Unfanned::tenantId).distinct().toList()) {
                for (var id : Statements.strings(c, ENDPOINTS_OF, Params.of("tenant", tenant))) {
                    existing.add(tenant + "/" + id);
                }
            }
            try (var insert = c.prepareStatement(INSERT_DELIVERY.jdbcSql()); var done = c.prepareStatement(FANNED_OUT.jdbcSql())) {
                var scales = new HashMap<String, Scales>();
                for (var e : events) {
                    var payload = e.payload().isEmpty() ? render(c, e, bodies, scales) : e.payload();
                    for (var endpoint : e.endpointIds()) {
                        if (payload == null || !existing.contains(e.tenantId() + "/" + endpoint)) {
                            continue; // (no revision to render: the record was purged since, and its event goes with it)
                        }
                        INSERT_DELIVERY.bind(insert, Params.of("tenant", e.tenantId()).and("endpoint", endpoint).and("event", e.id())
                                .and("type", e.type().wire()).and("created", e.createdAt()));
                        insert.addBatch();
                    }
                    FANNED_OUT.bind(done, Params.of("tenant", e.tenantId()).and("id", e.id()).and("payload", payload == null ? "" : payload));
                    done.addBatch();
                }
                insert.executeBatch();
                done.executeBatch();
            }
            return events.size();
        });
    }

    /** The event's body from the revision it reports; null once the record was purged. */
    private static String render(Connection c, Unfanned e, Bodies bodies, HashMap<String, Scales> scales) throws SQLException {
        var record = FeedbackRevisions.find(c, e.tenantId(), e.feedbackId(), e.revision());
        if (record.isEmpty()) {
            return null;
        }
        if (!scales.containsKey(e.tenantId())) {
            scales.put(e.tenantId(), JdbcConfigStore.scales(c, e.tenantId()));
        }
        return bodies.render(e.type(), record.get(), Instant.ofEpochMilli(e.createdAt()), scales.get(e.tenantId()));
    }

    /** One key range per endpoint and tenant, each in a transaction of its own. */
    @Override
    public int cleanUp(Instant cutoff) {
        long ms = cutoff.toEpochMilli();
        var before = String.format("%08x-%04x-0000-0000-000000000000", ms >>> 16, ms & 0xFFFF);
        int removed = 0;
        var endpoints = database.read(c -> Statements.rows(c, ENDPOINT_KEYS, new Params(),
                rs -> new EndpointKey(rs.getString(1), rs.getString(2))));
        for (var key : endpoints) {
            removed += database.inTransaction(c -> Statements.update(c, CLEAN_DELIVERIES,
                    Params.of("tenant", key.tenantId()).and("endpoint", key.id()).and("before", before)));
        }
        for (var tenant : database.read(c -> Statements.strings(c, TENANTS, new Params()))) {
            removed += database.inTransaction(c -> Statements.update(c, CLEAN_EVENTS, Params.of("tenant", tenant).and("before", before)));
        }
        return removed;
    }

    @Override
    public void publish(String tenantId, EventType type, String payload, Instant at) {
        database.inTransaction(c -> {
            var subscribed = OutboxRows.subscribers(c, endpoints, tenantId, type);
            OutboxRows.insert(c, List.of(new OutboxEvent(tenantId, Ids.newId(), type, null, payload, null, null, subscribed)), at);
            return null;
        });
    }

    @Override
    public String publishTo(String tenantId, String endpointId, EventType type, String payload, Instant at) {
        var id = Ids.newId();
        database.inTransaction(c -> {
            OutboxRows.insert(c, List.of(new OutboxEvent(tenantId, id, type, null, payload, null, null, List.of(endpointId))), at);
            return null;
        });
        return id;
    }
}
