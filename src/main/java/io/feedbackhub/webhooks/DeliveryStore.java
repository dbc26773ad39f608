package io.feedbackhub.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries as stored: what the API lists and re-sends, and what the dispatcher claims and records; implemented in
 * SQL by the store. An outbox event not fanned out yet reads as a pending delivery of each endpoint it names.
 */
public interface DeliveryStore {
    /** Newest event first, after the event id {@code afterEventId} when given; {@code limit + 1} rows to detect a next page. */
    List<Delivery> deliveries(String tenantId, String endpointId, Delivery.Status status, String afterEventId, int limit);

    Optional<Delivery> delivery(String tenantId, String endpointId, String eventId);

    /** Due now with a fresh schedule, unless a node is attempting it at this moment (then that attempt stands). */
    void resend(String tenantId, String endpointId, String eventId, Instant now);

    /** A read: does the endpoint have a delivery due? (Claiming is a write; on SQLite even an empty one takes the write lock.) */
    boolean hasDue(Endpoint endpoint, Instant now);

    /**
     * Claims up to {@code limit} due deliveries of one endpoint, oldest due first, by pushing them to {@code lease};
     * on PostgreSQL rows another node is claiming right now are skipped, not waited for.
     */
    List<ClaimedDelivery> claim(Endpoint endpoint, int limit, Instant now, Instant lease, String token);

    /**
     * Records finished attempts in one transaction, and the endpoints' health: a success clears {@code failing_since},
     * a failure starts it, and an endpoint failing since before {@code now - disableAfter} is disabled. Returns the
     * endpoints this disabled.
     */
    List<Endpoint> record(List<AttemptOutcome> outcomes, Instant now, Duration disableAfter);
}
