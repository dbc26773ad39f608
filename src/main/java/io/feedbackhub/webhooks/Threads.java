package io.feedbackhub.webhooks;

import java.time.Duration;

/** Waiting on the background threads of webhooks: an interrupt ends the wait and stays set for the caller to see. */
final class Threads {
    private Threads() {
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code max} for {@code thread} (null: never started) to end. */
    static void join(Thread thread, Duration max) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(max.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
