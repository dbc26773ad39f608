package io.feedbackhub.webhooks;

import java.util.List;

/** A delivery this node claimed: it alone attempts it until its lease has passed; {@code token} names the claim. */
public record ClaimedDelivery(Endpoint endpoint, String eventId, EventType type, int attemptCount, List<Delivery.Attempt> attempts,
                              String payload, String token) {
    public ClaimedDelivery {
        attempts = List.copyOf(attempts);
    }
}
