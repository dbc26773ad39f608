package io.feedbackhub.webhooks;

import java.time.Instant;

/** How one attempt ended: the delivery's new status, attempt count and next due time. */
public record AttemptOutcome(ClaimedDelivery claimed, Delivery.Attempt attempt, Delivery.Status status, int attemptCount,
                             Instant nextAttemptAt) {
}
