package io.feedbackhub.webhooks;

import java.time.Instant;
import java.util.List;

/** The outbox tables as one write transaction sees them: read, erased from and written to before it commits. */
public interface OutboxTransaction {
    /** The tenant's enabled endpoints, as matching needs them; an endpoint whose stored settings are unreadable is left out. */
    List<Subscription> subscriptions(String tenantId);

    /** Deletes the author's events and their deliveries (their payloads hold what the author wrote). */
    void eraseEventsOf(String tenantId, String authorId);

    /** One row per event that names at least one endpoint. */
    void insert(List<OutboxEvent> events, Instant now);
}
