package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.webhooks.OutboxEvent;
import io.feedbackhub.webhooks.OutboxTransaction;
import io.feedbackhub.webhooks.OutboxWriter;
import io.feedbackhub.webhooks.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook outbox of one feedback write transaction: {@link OutboxWriter} decides which events to write, this
 * reads and writes the outbox tables for it on the transaction's connection, just before commit.
 */
final class OutboxRecorder implements ChangeRecorder {
    private static final Logger log = LoggerFactory.getLogger(OutboxRecorder.class);
    private static final NamedSql SUBSCRIBERS = NamedSql.of("""
            SELECT id, events, feedback_filter FROM webhook_endpoints WHERE tenant_id = :tenant AND enabled = 1""");
    private static final NamedSql ENDPOINTS_OF_TENANT = NamedSql.of("SELECT id FROM webhook_endpoints WHERE tenant_id = :tenant");
    private static final NamedSql SCRUB_DELIVERY = NamedSql.of("""
            DELETE FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event""");
    private static final NamedSql SCRUB_EVENTS = NamedSql.of("DELETE FROM webhook_events WHERE tenant_id = :tenant AND author_id = :author RETURNING id");

    private final OutboxWriter writer;
    private final EndpointRows rows;

    OutboxRecorder(OutboxWriter writer, EndpointRows rows) {
        this.writer = writer;
        this.rows = rows;
    }

    @Override
    public void change(Feedback before, Feedback after) {
        writer.change(before, after);
    }

    @Override
    public void purgedAuthor(String tenantId, String authorId) {
        writer.purgedAuthor(tenantId, authorId);
    }

    @Override
    public void flush(Connection connection) throws SQLException {
        try {
            writer.flush(new OnConnection(connection));
        } catch (SqlFailure failure) {
            throw failure.getCause(); // the write transaction tells refused input from a busy database by it
        }
    }

    /** The outbox tables on the write transaction's connection. */
    private final class OnConnection implements OutboxTransaction {
        private final Connection connection;

        OnConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public List<Subscription> subscriptions(String tenantId) {
            return SqlFailure.carry(() -> {
                try (var s = SUBSCRIBERS.prepare(connection, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
                    var out = new ArrayList<Subscription>();
                    while (rs.next()) {
                        try {
                            out.add(new Subscription(rs.getString(1), rows.events(rs.getString(2)), rows.filter(rs.getString(3))));
                        } catch (RuntimeException unreadable) {
                            // a row no version of this code wrote; the tenant's writes must go on, without this endpoint's events
                            log.error("webhook endpoint skipped, its stored settings are unreadable tenant={} endpoint={}: {}", tenantId,
                                    rs.getString(1), unreadable.getMessage());
                        }
                    }
                    return out;
                }
            });
        }

        /**
         * Deletes the author's events, then their deliveries, each by its key (a rare operation; no plan to go wrong).
         * Events first: on PostgreSQL the delete waits for a dispatcher fanning one of them out right now, and the
         * deliveries that fan-out committed are then visible to the second statement, so none is left without its event.
         */
        @Override
        public void eraseEventsOf(String tenantId, String authorId) {
            SqlFailure.carry(() -> {
                var events = Statements.strings(connection, SCRUB_EVENTS, Params.of("tenant", tenantId).and("author", authorId));
                if (events.isEmpty()) {
                    return null;
                }
                var endpoints = Statements.strings(connection, ENDPOINTS_OF_TENANT, Params.of("tenant", tenantId));
                try (var delete = connection.prepareStatement(SCRUB_DELIVERY.jdbcSql())) {
                    for (var endpoint : endpoints) {
                        for (var event : events) {
                            SCRUB_DELIVERY.bind(delete, Params.of("tenant", tenantId).and("endpoint", endpoint).and("event", event));
                            delete.addBatch();
                        }
                    }
                    delete.executeBatch();
                }
                return null;
            });
        }

        @Override
        public void insert(List<OutboxEvent> events, Instant now) {
            SqlFailure.carry(() -> {
                OutboxRows.insert(connection, events, now);
                return null;
            });
        }
    }
}
