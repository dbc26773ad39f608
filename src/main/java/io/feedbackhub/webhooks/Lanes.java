package io.feedbackhub.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deliveries this node has claimed, one lane per endpoint: claimed ahead and waiting, and in flight on a virtual
 * thread each, at most {@link WebhookSettings#concurrencyPerEndpoint()} per endpoint and {@link #MAX_OUTSTANDING} in
 * all. A slow or dead receiver fills only its own lane. Each finished attempt goes to the {@link OutcomeRecorder}.
 */
final class Lanes {
    private static final Logger log = LoggerFactory.getLogger(Lanes.class);
    /** Deliveries claimed and not yet finished on one node, all endpoints together. */
    static final int MAX_OUTSTANDING = 4096;

    /** One endpoint's deliveries on this node. */
    private static final class Lane {
        volatile Endpoint endpoint;
        final ConcurrentLinkedQueue<ClaimedDelivery> queued = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();

        int outstanding() {
            return queued.size() + inFlight.get();
        }
    }

    private final AttemptSender sender;
    private final RetrySchedule retries;
    private final OutcomeRecorder recorder;
    private final int concurrency;
    private final Runnable roomFreed;
    private final Clock clock;
    /** Virtual threads, one per attempt in flight; owned here, shut down by {@link #close}. */
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile boolean running = true;

    /** {@code roomFreed} is told when a lane has room for another round of claims. */
    Lanes(AttemptSender sender, RetrySchedule retries, OutcomeRecorder recorder, int concurrency, Runnable roomFreed, Clock clock) {
        this.sender = sender;
        this.retries = retries;
        this.recorder = recorder;
        this.concurrency = concurrency;
        this.roomFreed = roomFreed;
        this.clock = clock;
    }

    static String key(Endpoint e) {
        return e.tenantId() + "/" + e.id();
    }

    /**
     * How many deliveries of {@code endpoint} to claim now, at most {@code budget}: none while its lane is nearly full,
     * so that claims come in chunks of at least one round of slots (one statement per many deliveries, not per
     * delivery) unless {@code anyRoom}. The endpoint as read now is what its next attempts use.
     */
    int room(Endpoint endpoint, int budget, boolean anyRoom) {
        var lane = lanes.computeIfAbsent(key(endpoint), k -> new Lane());
        lane.endpoint = endpoint;
        int outstanding = lane.outstanding();
        int room = Math.min(WebhookSettings.PREFETCH_ROUNDS * concurrency - outstanding, MAX_OUTSTANDING - total.get());
        if (room <= 0 || outstanding > 0 && room < concurrency && !anyRoom) {
            return 0;
        }
        return Math.min(room, budget);
    }

    /** Queues what was claimed for the endpoint and starts what its free slots allow. */
    void add(Endpoint endpoint, List<ClaimedDelivery> claimed) {
        var lane = lanes.computeIfAbsent(key(endpoint), k -> new Lane());
        total.addAndGet(claimed.size());
        lane.queued.addAll(claimed);
        pump(lane);
    }

    /** Forgets the lanes of endpoints not in {@code current} (disabled or deleted): what they had queued is left to its lease. */
    void keepOnly(Set<String> current) {
        lanes.entrySet().removeIf(e -> {
            if (current.contains(e.getKey())) {
                return false;
            }
            for (var dropped = e.getValue().queued.poll(); dropped != null; dropped = e.getValue().queued.poll()) {
                total.decrementAndGet();
            }
            return e.getValue().inFlight.get() == 0;
        });
    }

    /** Starts queued deliveries of the lane while it has free slots. */
    private void pump(Lane lane) {
        while (true) {
            int n = lane.inFlight.get();
            if (n >= concurrency || lane.queued.isEmpty()) {
                return;
            }
            if (!lane.inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            var c = lane.queued.poll();
            if (c == null) {
                lane.inFlight.decrementAndGet();
                return;
            }
            senders.execute(() -> attempt(lane, c));
        }
    }

    private void attempt(Lane lane, ClaimedDelivery c) {
        try {
            var attempt = sender.send(c, lane.endpoint);
            recorder.add(retries.outcome(c, attempt));
            if (!attempt.succeeded()) {
                log.debug("webhook attempt failed endpoint={} host={} event={} attempt={} result={}", c.endpoint().id(),
                        c.endpoint().host(), c.eventId(), c.attemptCount() + 1, attempt.describe());
            }
        } catch (RuntimeException unexpected) {
            log.error("webhook attempt broke endpoint={} event={}", c.endpoint().id(), c.eventId(), unexpected);
            // recorded as a failed attempt, so that the delivery follows its schedule instead of waiting out its lease
            var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            recorder.add(retries.outcome(c, new Delivery.Attempt(now, null, "failed: " + unexpected.getClass().getSimpleName(), 0)));
        } finally {
            total.decrementAndGet();
            lane.inFlight.decrementAndGet();
            if (running) {
                pump(lane);
                if (lane.outstanding() <= (WebhookSettings.PREFETCH_ROUNDS - 1) * concurrency) {
                    roomFreed.run();
                }
            }
        }
    }

    /** From now on a finished attempt starts no queued one. */
    void stop() {
        running = false;
    }

    /** Stops, and waits up to {@code wait} for the attempts in flight to finish. */
    void close(Duration wait) {
        stop();
        senders.shutdown();
        try {
            senders.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }
}
