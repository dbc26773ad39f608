package io.feedbackhub.webhooks;

import java.time.Duration;
import java.util.List;

/** What an attempt does to its delivery: delivered on a 2xx; otherwise retried after the next delay, or failed once they are used up. */
final class RetrySchedule {
    private final List<Duration> delays;

    RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    AttemptOutcome outcome(ClaimedDelivery c, Delivery.Attempt attempt) {
        int count = c.attemptCount() + 1;
        var done = attempt.at().plusMillis(attempt.durationMillis());
        if (attempt.succeeded()) {
            return new AttemptOutcome(c, attempt, Delivery.Status.DELIVERED, count, done);
        }
        if (count <= delays.size()) {
            return new AttemptOutcome(c, attempt, Delivery.Status.PENDING, count, done.plus(delays.get(count - 1)));
        }
        return new AttemptOutcome(c, attempt, Delivery.Status.FAILED, count, done);
    }
}
