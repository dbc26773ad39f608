package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.insight.Scales;

import java.time.Instant;

/** The outbox after commit: its events turned into deliveries, and old events forgotten; implemented in SQL by the store. */
public interface OutboxStore {
    /** The body of a feedback event, from the revision it reports and the tenant's scales. */
    @FunctionalInterface
    interface Bodies {
        String render(EventType type, Feedback record, Instant at, Scales scales);
    }

    /**
     * Turns up to {@code limit} outbox events into one pending delivery per endpoint they name (endpoints deleted since
     * are skipped), rendering each event's body with {@code bodies} from the revision of the record it reports, in one
     * transaction; returns how many events. On PostgreSQL, events another node is fanning out are skipped, not waited for.
     */
    int fanOut(int limit, Bodies bodies);

    /**
     * Forgets events older than {@code cutoff} and their deliveries, whatever their state (a delivery still pending
     * then belongs to an endpoint disabled for longer than the retention); returns how many rows.
     */
    int cleanUp(Instant cutoff);

    /** Queues an event with its body already written (a review queue's) for the tenant's endpoints subscribed to its type. */
    void publish(String tenantId, EventType type, String payload, Instant at);

    /** Queues an event with its body for one endpoint only, whatever it subscribes to (a test event); returns the event id. */
    String publishTo(String tenantId, String endpointId, EventType type, String payload, Instant at);
}
