package io.feedbackhub.store;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how long a store call may hold a PostgreSQL connection: past its deadline the connection is aborted (its
 * socket closed), so a thread blocked on a stopped or partitioned server fails at once instead of waiting for the
 * driver's socket timeout. The aborted connection's transaction never commits afterwards, unless its COMMIT had
 * already been sent, which no client can tell apart from a network loss.
 */
final class Deadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("store-deadlines").daemon(true).factory());

    Deadlines() {
        timer.setRemoveOnCancelPolicy(true); // most deadlines are met: their alarms must not pile up
    }

    /** A deadline armed on one connection; {@link #close()} disarms it. */
    static final class Armed implements AutoCloseable {
        private final AtomicBoolean expired = new AtomicBoolean();
        private volatile ScheduledFuture<?> alarm;

        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            var a = alarm;
            if (a != null) {
                a.cancel(false);
            }
        }
    }

    Armed arm(Connection connection, Duration remaining) {
        var armed = new Armed();
        armed.alarm = timer.schedule(() -> {
            armed.expired.set(true);
            try {
                connection.abort(Runnable::run);
            } catch (Exception | AssertionError ignored) {
                // already closed: the call is failing anyway
            }
        }, Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
        return armed;
    }

    /** Runs {@code task} once {@code delay} has passed, unless the returned future is cancelled first. */
    ScheduledFuture<?> after(Duration delay, Runnable task) {
        return timer.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
