package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Ids;
import io.feedbackhub.insight.Scales;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.store.ChangeRecorder;
import io.feedbackhub.store.NamedSql.Params;
import io.feedbackhub.store.NamedSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook events of one write transaction, collected as the writes happen and written just before commit
 * (like the rollups), so that a change is committed together with its events or not at all: no acknowledged
 * change is ever missing its event, whatever happens to the process after the commit.
 *
 * <p>Each event is matched against the tenant's enabled endpoints here, once (so a filter sees the record as written,
 * even a purged one), and stored as one row naming the endpoints that want it and the revision it reports; nothing at
 * all is stored for tenants without webhooks (their cost is one indexed read per tenant and transaction). Rendering its
 * body from that revision, turning the row into deliveries and delivering them is left to the {@link Dispatcher}, after
 * commit, outside any write: on SQLite every write waits for the one writer thread that runs this.
 *
 * <p>An author purge also erases the author's earlier events from the outbox (their payloads hold what the author
 * wrote), and what the same transaction wrote for that author before the purge never becomes an event; each purged
 * record becomes a {@code feedback.purged} event that names its id only.
 */
public final class OutboxWriter implements ChangeRecorder {
    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);
    private static final NamedSql SUBSCRIBERS = NamedSql.of("""
            SELECT id, events, feedback_filter FROM webhook_endpoints WHERE tenant_id = :tenant AND enabled = 1""");
    private static final NamedSql ENDPOINTS_OF_TENANT = NamedSql.of("SELECT id FROM webhook_endpoints WHERE tenant_id = :tenant");
    private static final NamedSql SCRUB_DELIVERY = NamedSql.of("""
            DELETE FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :endpoint AND event_id = :event""");
    private static final NamedSql SCRUB_EVENTS = NamedSql.of("DELETE FROM webhook_events WHERE tenant_id = :tenant AND author_id = :author RETURNING id");

    /** What matching needs of an endpoint. */
    private record Subscriber(String id, Set<EventType> events, FeedbackFilter filter) {
        boolean wants(EventType type, Feedback record) {
            return events.contains(type) && filter.matches(record);
        }
    }

    private sealed interface Step {
    }

    private record Changed(EventType type, Feedback record) implements Step {
    }

    private record Purge(String tenantId, String authorId) implements Step {
    }

    /**
     * When this process last wrote a feedback change (System.nanoTime): the dispatcher yields to writes only
     * while there are writes. Process-wide on purpose: it describes the machine's load, not one store.
     */
    private static final AtomicLong LAST_WRITE = new AtomicLong(System.nanoTime() - 60_000_000_000L);

    private final List<Step> steps = new ArrayList<>();

    /** Nanoseconds since this process last wrote a feedback change. */
    static long nanosSinceLastWrite() {
        return System.nanoTime() - LAST_WRITE.get();
    }

    @Override
    public void change(Feedback before, Feedback after) {
        EventType.of(before, after).ifPresent(type -> steps.add(new Changed(type, after != null ? after : before)));
    }

    /** Called before the {@link #change}s of the purged records. */
    @Override
    public void purgedAuthor(String tenantId, String authorId) {
        steps.add(new Purge(tenantId, authorId));
    }

    /** Writes the events, one outbox row each; called once, just before the transaction commits. */
    @Override
    public void flush(Connection connection) throws SQLException {
        if (steps.isEmpty()) {
            return;
        }
        LAST_WRITE.set(System.nanoTime());
        var changes = new ArrayList<Changed>();
        for (var step : steps) {
            switch (step) {
                case Changed c -> changes.add(c);
                case Purge p -> {
                    changes.removeIf(c -> c.type() != EventType.FEEDBACK_PURGED && c.record().tenantId().equals(p.tenantId())
                            && Objects.equals(c.record().authorId(), p.authorId()));
                    scrub(connection, p);
                }
            }
        }
        steps.clear();
        if (changes.isEmpty()) {
            return;
        }
        var subscribers = new HashMap<String, List<Subscriber>>();
        var now = Instant.now();
        var events = new ArrayList<OutboxRows.Event>();
        for (var c : changes) {
            var record = c.record();
            var endpoints = subscribers.get(record.tenantId());
            if (endpoints == null) {
                endpoints = subscribersOf(connection, record.tenantId());
                subscribers.put(record.tenantId(), endpoints);
            }
            var wanting = endpoints.stream().filter(e -> e.wants(c.type(), record)).map(Subscriber::id).toList();
            if (!wanting.isEmpty()) {
                // the body is rendered after commit, from the revision (off the writer thread, which every write waits
                // for); a purge notice carries only the id, as the record is gone by then
                events.add(c.type() == EventType.FEEDBACK_PURGED
                        ? new OutboxRows.Event(record.tenantId(), Ids.newId(), c.type(), null, payload(c.type(), record, now, Scales.NONE), null, null, wanting)
                        : new OutboxRows.Event(record.tenantId(), Ids.newId(), c.type(), record.authorId(), "", record.id(), record.revision(), wanting));
            }
        }
        OutboxRows.insert(connection, events, now.toEpochMilli());
    }

    /** {@code {"type", "timestamp", "data"}}: data is the native record, or only its id once purged. */
    static String payload(EventType type, Feedback record, Instant now, Scales scales) {
        var body = Json.object();
        body.put("type", type.wire());
        var at = switch (type) {
            case FEEDBACK_DELETED -> record.deletedAt();
            case FEEDBACK_PURGED -> now;
            default -> record.updatedAt();
        };
        body.put("timestamp", at.toString());
        if (type == EventType.FEEDBACK_PURGED) {
            body.putObject("data").put("id", record.id());
        } else {
            body.set("data", FeedbackJson.write(record, scales));
        }
        return body.toString();
    }

    private static List<Subscriber> subscribersOf(Connection connection, String tenantId) throws SQLException {
        try (var s = SUBSCRIBERS.prepare(connection, Params.of("tenant", tenantId)); var rs = s.executeQuery()) {
            var endpoints = new ArrayList<Subscriber>();
            while (rs.next()) {
                try {
                    endpoints.add(new Subscriber(rs.getString(1), EndpointRows.eventsOf(rs.getString(2)), EndpointRows.filter(rs.getString(3))));
                } catch (RuntimeException unreadable) {
                    // a row no version of this code wrote; the tenant's writes must go on, without this endpoint's events
                    log.error("webhook endpoint skipped, its stored settings are unreadable tenant={} endpoint={}: {}", tenantId,
                            rs.getString(1), unreadable.getMessage());
                }
            }
            return endpoints;
        }
    }

    /**
     * Deletes the author's events, then their deliveries, each by its key (a rare operation; no plan to go wrong).
     * Events first: on PostgreSQL the delete waits for a dispatcher fanning one of them out right now, and the
     * deliveries that fan-out committed are then visible to the second statement, so none is left without its event.
     */
    private static void scrub(Connection connection, Purge p) throws SQLException {
        var events = ids(connection, SCRUB_EVENTS, Params.of("tenant", p.tenantId()).and("author", p.authorId()));
        if (events.isEmpty()) {
            return;
        }
        var endpoints = ids(connection, ENDPOINTS_OF_TENANT, Params.of("tenant", p.tenantId()));
        try (var delete = connection.prepareStatement(SCRUB_DELIVERY.jdbcSql())) {
            for (var endpoint : endpoints) {
                for (var event : events) {
                    SCRUB_DELIVERY.bind(delete, Params.of("tenant", p.tenantId()).and("endpoint", endpoint).and("event", event));
                    delete.addBatch();
                }
            }
            delete.executeBatch();
        }
    }

    private static List<String> ids(Connection connection, NamedSql sql, Params params) throws SQLException {
        try (var s = sql.prepare(connection, params); var rs = s.executeQuery()) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
