package io.feedbackhub.store;

import io.feedbackhub.webhooks.EventType;

import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.OutboxEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes events into the outbox on the caller's transaction: one row per event, naming the endpoints that want it.
 * The dispatcher fans it out into one delivery per endpoint after commit ({@link JdbcOutboxStore#fanOut}), so that a
 * feedback write pays for one row however many endpoints listen.
 */
final class OutboxRows {
    private static final NamedSql INSERT_EVENT = NamedSql.of("""
            INSERT INTO webhook_events (tenant_id, id, type, author_id, payload, endpoint_ids, feedback_id, revision, created_at)
            VALUES (:tenant, :id, :type, :author, :payload, :endpoints, :feedback_id, :revision, :now)""");

    private static final NamedSql SUBSCRIBERS = NamedSql.of("SELECT id, events FROM webhook_endpoints WHERE tenant_id = :tenant AND enabled = 1");

    private OutboxRows() {
    }

    /** The tenant's enabled endpoints that subscribed to {@code type}. */
    static List<String> subscribers(Connection connection, EndpointRows endpoints, String tenantId, EventType type) throws SQLException {
        var subscribed = new java.util.ArrayList<String>();
        try (var s = SUBSCRIBERS.prepare(connection, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
            while (rs.next()) {
                if (endpoints.events(rs.getString("events")).contains(type)) {
                    subscribed.add(rs.getString("id"));
                }
            }
        }
        return subscribed;
    }

    /** Inserts the events as one JDBC batch; events without endpoints are skipped. */
    static void insert(Connection connection, List<OutboxEvent> events, Instant now) throws SQLException {
        if (events.stream().allMatch(e -> e.endpointIds().isEmpty())) {
            return;
        }
        try (var statement = connection.prepareStatement(INSERT_EVENT.jdbcSql())) {
            for (var e : events) {
                if (e.endpointIds().isEmpty()) {
                    continue;
                }
                INSERT_EVENT.bind(statement, Params.of("tenant", e.tenantId()).and("id", e.id()).and("type", e.type().wire())
                        .and("author", e.authorId()).and("payload", e.payload()).and("endpoints", String.join(",", e.endpointIds()))
                        .and("feedback_id", e.feedbackId()).and("revision", e.revision())
                        .and("now", now.toEpochMilli()));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
