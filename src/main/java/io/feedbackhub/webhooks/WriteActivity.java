package io.feedbackhub.webhooks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When this node last wrote a feedback change: the dispatcher yields to writes only while there are writes. One per
 * node, shared by its feedback store's outbox and its dispatcher: it describes the machine's load, not one store.
 */
public final class WriteActivity {
    /** Starts as long idle: a node that has not written yet does not hold its deliveries back. */
    private final AtomicLong lastWrite = new AtomicLong(System.nanoTime() - Duration.ofMinutes(1).toNanos());

    void wrote() {
        lastWrite.set(System.nanoTime());
    }

    /** True when the last feedback write was less than {@code window} ago. */
    boolean within(Duration window) {
        return System.nanoTime() - lastWrite.get() < window.toNanos();
    }
}
