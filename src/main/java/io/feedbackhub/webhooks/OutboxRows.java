package io.feedbackhub.webhooks;

import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes events and their pending deliveries into the outbox, on the caller's transaction. */
final class OutboxRows {
    private static final NamedSql INSERT_EVENT = NamedSql.of("""
            INSERT INTO webhook_events (tenant_id, id, type, author_id, payload, created_at)
            VALUES (:tenant, :id, :type, :author, :payload, :now)""");
    private static final NamedSql INSERT_DELIVERY = NamedSql.of("""
            INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, event_type, status, attempt_count,
                next_attempt_at, claim_token, attempts, created_at, updated_at)
            VALUES (:tenant, :event, :endpoint, :type, 'pending', 0, :now, NULL, '[]', :now, :now)""");

    /** One event and the endpoints it goes to. */
    record Event(String tenantId, String id, EventType type, String authorId, String payload, List<String> endpointIds) {
    }

    private OutboxRows() {
    }

    /** Inserts the events and their deliveries as two JDBC batches; events without endpoints are skipped. */
    static void insert(Connection connection, List<Event> events, long nowMillis) throws SQLException {
        if (events.stream().allMatch(e -> e.endpointIds().isEmpty())) {
            return;
        }
        try (var eventStatement = connection.prepareStatement(INSERT_EVENT.jdbcSql());
             var deliveryStatement = connection.prepareStatement(INSERT_DELIVERY.jdbcSql())) {
            for (var e : events) {
                if (e.endpointIds().isEmpty()) {
                    continue;
                }
                INSERT_EVENT.bind(eventStatement, Params.of("tenant", e.tenantId()).and("id", e.id()).and("type", e.type().wire())
                        .and("author", e.authorId()).and("payload", e.payload()).and("now", nowMillis));
                eventStatement.addBatch();
                for (var endpoint : e.endpointIds()) {
                    INSERT_DELIVERY.bind(deliveryStatement, Params.of("tenant", e.tenantId()).and("event", e.id())
                            .and("endpoint", endpoint).and("type", e.type().wire()).and("now", nowMillis));
                    deliveryStatement.addBatch();
                }
            }
            eventStatement.executeBatch();
            deliveryStatement.executeBatch();
        }
    }
}
