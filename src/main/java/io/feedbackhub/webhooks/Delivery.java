package io.feedbackhub.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * One event for one endpoint: where it stands and every attempt so far. {@code eventId} is the {@code webhook-id}
 * of every attempt. {@code payload} is read only for a single delivery.
 */
public record Delivery(String endpointId, String eventId, EventType eventType, Status status, int attemptCount,
                       Instant nextAttemptAt, List<Attempt> attempts, Instant createdAt, Instant updatedAt, String payload) {

    public enum Status {
        PENDING, DELIVERED, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Status> parse(String s) {
            for (var v : values()) {
                if (v.wire().equals(s)) {
                    return java.util.Optional.of(v);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** One try: when, the receiver's status code or why there was none, how long it took. */
    public record Attempt(Instant at, Integer statusCode, String error, long durationMillis) {
        public boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        /** The status code, or why there was none. */
        public String describe() {
            return statusCode != null ? "HTTP " + statusCode : error;
        }
    }

    public Delivery {
        attempts = List.copyOf(attempts);
    }
}
