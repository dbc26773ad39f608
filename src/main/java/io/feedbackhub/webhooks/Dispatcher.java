package io.feedbackhub.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the outbox after commit, on every node. Each pass: turn new outbox events into one delivery per endpoint
 * (fan-out), then per enabled endpoint claim due deliveries (a lease: their next attempt moves past the end of the
 * attempt; on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same row), send each on a
 * virtual thread ({@link AttemptSender}), and record the outcomes in batches ({@link OutcomeRecorder}). Nothing here
 * runs inside a feedback write, so a slow or dead receiver costs writes nothing: it only fills its own in-flight
 * slots ({@link WebhookSettings#concurrencyPerEndpoint()}) while other endpoints go on; and while the node is writing,
 * the dispatcher itself steps back (see {@link #YIELD_BUDGET}).
 *
 * <p>At least once: a node that dies mid-attempt leaves its claimed rows to become due again when their lease ends,
 * and receivers deduplicate on {@code webhook-id}.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a node waits before looking for due deliveries when nothing woke it up. */
    static final Duration POLL = Duration.ofMillis(200);
    /** Between two passes at least this: answers arriving one by one must not each cost a round of queries. */
    static final Duration MIN_PASS_INTERVAL = Duration.ofMillis(20);
    /**
     * Deliveries are background work and writes are what callers wait for. While this process is writing feedback, the
     * dispatcher works in small passes (at most {@link #YIELD_BUDGET} events fanned out and deliveries claimed per
     * endpoint) and rests {@link #YIELD_REST_FACTOR} times as long as each pass took (at least
     * {@link #YIELD_MIN_REST}): on SQLite its transactions would otherwise queue the single writer, and on a busy
     * machine its sends would take the CPU. It catches up at full speed as soon as the writes pause.
     */
    static final int YIELD_BUDGET = 8;
    static final int YIELD_REST_FACTOR = 3;
    static final Duration YIELD_MIN_REST = Duration.ofMillis(100);
    /** Writes count as going on for this long after the last one. */
    static final Duration YIELD_WHILE_WRITES_WITHIN = Duration.ofMillis(500);
    /** Outbox events turned into deliveries per transaction. */
    private static final int FAN_OUT_BATCH = 1000;
    private static final Duration CLEAN_UP_EVERY = Duration.ofHours(1);
    private static final Duration SWEEP_IDLE_CONNECTIONS_EVERY = Duration.ofSeconds(30);
    private static final Duration BACK_OFF_ON_STORE_FAILURE = Duration.ofSeconds(2);

    private final WebhookStores stores;
    private final EventBodies bodies;
    private final WriteActivity writes;
    private final WebhookSettings settings;
    private final WebhookHttp http;
    private final OutcomeRecorder recorder;
    private final Lanes lanes;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile boolean yielding;
    private int passes;
    private Thread claimer;

    Dispatcher(WebhookStores stores, EventBodies bodies, WriteActivity writes, WebhookSettings settings, WebhookHttp http,
               AttemptSender sender, Clock clock) {
        this.stores = stores;
        this.bodies = bodies;
        this.writes = writes;
        this.settings = settings;
        this.http = http;
        this.recorder = new OutcomeRecorder(stores.deliveries(), settings.disableAfter(), clock);
        this.lanes = new Lanes(sender, new RetrySchedule(settings.retryDelays()), recorder, settings.concurrencyPerEndpoint(),
                wake::release, clock);
        this.clock = clock;
    }

    void start() {
        claimer = Thread.ofPlatform().name("webhook-dispatcher").daemon(true).start(this::claimLoop);
        recorder.start();
        log.info("webhook dispatcher started {}", settings.describe());
    }

    private void claimLoop() {
        var nextCleanUp = clock.instant().plus(Duration.ofMinutes(1));
        var nextIdleSweep = clock.instant();
        while (running) {
            boolean more = false;
            long passStarted = System.nanoTime();
            try {
                more = cycle();
                if (clock.instant().isAfter(nextIdleSweep)) {
                    nextIdleSweep = clock.instant().plus(SWEEP_IDLE_CONNECTIONS_EVERY);
                    http.closeIdle();
                }
                if (clock.instant().isAfter(nextCleanUp)) {
                    nextCleanUp = clock.instant().plus(CLEAN_UP_EVERY);
                    int removed = stores.outbox().cleanUp(clock.instant().minus(settings.retention()));
                    log.debug("webhook clean-up removed {} rows older than {}", removed, Durations.format(settings.retention()));
                }
            } catch (RuntimeException e) {
                log.warn("webhook dispatcher cannot reach the store, retrying in {}: {}", Durations.format(BACK_OFF_ON_STORE_FAILURE), e.toString());
                Threads.sleep(BACK_OFF_ON_STORE_FAILURE);
                continue;
            }
            try {
                if (yielding) {
                    long passMillis = (System.nanoTime() - passStarted) / 1_000_000;
                    Thread.sleep(Math.max(YIELD_MIN_REST.toMillis(), YIELD_REST_FACTOR * passMillis));
                    wake.drainPermits();
                    continue;
                }
                Thread.sleep(MIN_PASS_INTERVAL.toMillis());
                if (!more) {
                    wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass over the enabled endpoints; true when some endpoint probably has more due right away. */
    private boolean cycle() {
        boolean more = false;
        yielding = settings.yieldToWrites() && writes.within(YIELD_WHILE_WRITES_WITHIN);
        // first the outbox's new events become deliveries, a small batch only while yielding to writes
        int fanOutLimit = yielding ? YIELD_BUDGET : FAN_OUT_BATCH;
        for (int batch = 0; batch < (yielding ? 1 : 10) && running; batch++) {
            if (stores.outbox().fanOut(fanOutLimit, bodies) < fanOutLimit) {
                break;
            }
            more = true;
        }
        var enabled = new ArrayList<>(stores.endpoints().enabled());
        // a different endpoint goes first each pass, so that a small budget is shared out fairly
        Collections.rotate(enabled, -(passes++ % Math.max(1, enabled.size())));
        var current = new HashSet<String>();
        for (var endpoint : enabled) {
            if (!running) {
                break;
            }
            current.add(Lanes.key(endpoint));
            int room = lanes.room(endpoint, yielding ? YIELD_BUDGET : Integer.MAX_VALUE, yielding);
            if (room == 0) {
                continue;
            }
            var now = clock.instant();
            if (!stores.deliveries().hasDue(endpoint, now)) {
                continue;
            }
            var claimed = stores.deliveries().claim(endpoint, room, now, now.plus(settings.lease()), UUID.randomUUID().toString());
            more |= claimed.size() == room;
            lanes.add(endpoint, claimed);
        }
        lanes.keepOnly(current);
        return more;
    }

    /**
     * Stops claiming, lets attempts in flight finish (bounded by one attempt's timeout), records their outcomes, and
     * returns. Whatever did not finish is attempted again, by this or another node, once its lease ends.
     */
    @Override
    public void close() {
        lanes.stop();
        running = false;
        wake.release();
        Threads.join(claimer, Duration.ofSeconds(10));
        lanes.close(settings.timeout().plusSeconds(1));
        recorder.close();
    }
}
