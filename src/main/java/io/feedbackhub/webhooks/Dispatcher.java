package io.feedbackhub.webhooks;

import io.feedbackhub.core.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the outbox after commit, on every node. Each pass: turn new outbox events into one delivery per endpoint
 * (fan-out), then per enabled endpoint claim due deliveries (a lease: their next attempt moves past the end of the
 * attempt; on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same row), send each on a
 * virtual thread, and record the outcomes in batches. Nothing here runs inside a feedback write, so a slow or dead
 * receiver costs writes nothing: it only fills its own in-flight slots ({@link WebhookSettings#concurrencyPerEndpoint()})
 * while other endpoints go on; and while the node is writing, the dispatcher itself steps back (see {@link #YIELD_BUDGET}).
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
    /** Deliveries claimed and not yet finished on one node, all endpoints together. */
    static final int MAX_OUTSTANDING = 4096;
    private static final int RECORD_BATCH = 1000;
    /** Outbox events turned into deliveries per transaction. */
    private static final int FAN_OUT_BATCH = 1000;
    private static final Duration RECORD_LINGER = Duration.ofMillis(100);
    private static final Duration CLEAN_UP_EVERY = Duration.ofHours(1);
    private static final Duration SWEEP_IDLE_CONNECTIONS_EVERY = Duration.ofSeconds(30);
    private static final Duration BACK_OFF_ON_STORE_FAILURE = Duration.ofSeconds(2);

    private final WebhookStore store;
    private final WebhookSettings settings;
    private final AddressGuard guard;
    private final Clock clock;
    private final WebhookHttp http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Memo<String, URI> uris = new Memo<>(URI::create, 10_000);
    private final AtomicInteger total = new AtomicInteger();
    private final BlockingQueue<WebhookStore.Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile boolean yielding;
    private int passes;
    private volatile boolean recording = true;
    private Thread claimer;
    private Thread recorder;

    Dispatcher(WebhookStore store, WebhookSettings settings, AddressGuard guard, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.guard = guard;
        this.clock = clock;
        this.http = WebhookHttp.withDefaultTls();
    }

    void start() {
        claimer = Thread.ofPlatform().name("webhook-dispatcher").daemon(true).start(this::claimLoop);
        recorder = Thread.ofPlatform().name("webhook-recorder").daemon(true).start(this::recordLoop);
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
                    int removed = store.cleanUp(clock.instant().minus(settings.retention()));
                    log.debug("webhook clean-up removed {} rows older than {}", removed, Durations.format(settings.retention()));
                }
            } catch (RuntimeException e) {
                log.warn("webhook dispatcher cannot reach the store, retrying in {}: {}", Durations.format(BACK_OFF_ON_STORE_FAILURE), e.toString());
                sleep(BACK_OFF_ON_STORE_FAILURE);
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
        int cap = settings.concurrencyPerEndpoint();
        yielding = settings.yieldToWrites() && OutboxWriter.nanosSinceLastWrite() < YIELD_WHILE_WRITES_WITHIN.toNanos();
        // first the outbox's new events become deliveries, a small batch only while yielding to writes
        int fanOutLimit = yielding ? YIELD_BUDGET : FAN_OUT_BATCH;
        for (int batch = 0; batch < (yielding ? 1 : 10) && running; batch++) {
            if (store.fanOut(fanOutLimit) < fanOutLimit) {
                break;
            }
            more = true;
        }
        var enabled = new ArrayList<>(store.enabled());
        // a different endpoint goes first each pass, so that a small budget is shared out fairly
        Collections.rotate(enabled, -(passes++ % Math.max(1, enabled.size())));
        var current = new HashSet<String>();
        for (var endpoint : enabled) {
            if (!running) {
                break;
            }
            current.add(key(endpoint));
            var lane = lanes.computeIfAbsent(key(endpoint), k -> new Lane());
            lane.endpoint = endpoint;
            int outstanding = lane.queued.size() + lane.inFlight.get();
            int room = Math.min(WebhookSettings.PREFETCH_ROUNDS * cap - outstanding, MAX_OUTSTANDING - total.get());
            // claim in chunks of at least one round of slots: one statement per many deliveries, not per delivery
            if (room <= 0 || outstanding > 0 && room < cap && !yielding) {
                continue;
            }
            if (yielding) {
                room = Math.min(room, YIELD_BUDGET);
            }
            var now = clock.instant();
            if (!store.hasDue(endpoint, now)) {
                continue;
            }
            var claimed = store.claim(endpoint, room, now, now.plus(settings.lease()), UUID.randomUUID().toString());
            more |= claimed.size() == room;
            total.addAndGet(claimed.size());
            lane.queued.addAll(claimed);
            pump(lane);
        }
        // an endpoint disabled or deleted meanwhile: what it had queued here is left to its lease
        lanes.entrySet().removeIf(e -> {
            if (current.contains(e.getKey())) {
                return false;
            }
            for (var dropped = e.getValue().queued.poll(); dropped != null; dropped = e.getValue().queued.poll()) {
                total.decrementAndGet();
            }
            return e.getValue().inFlight.get() == 0;
        });
        return more;
    }

    /** Starts queued deliveries of the lane while it has free slots. */
    private void pump(Lane lane) {
        int cap = settings.concurrencyPerEndpoint();
        while (true) {
            int n = lane.inFlight.get();
            if (n >= cap || lane.queued.isEmpty()) {
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

    private void attempt(Lane lane, WebhookStore.Claimed c) {
        try {
            // the endpoint as last read, not as claimed: a rotated secret or a new URL applies from the next pass on
            var attempt = send(c, lane.endpoint);
            outcomes.add(outcome(c, attempt));
            if (!attempt.succeeded()) {
                log.debug("webhook attempt failed endpoint={} host={} event={} attempt={} result={}", c.endpoint().id(),
                        c.endpoint().host(), c.eventId(), c.attemptCount() + 1, WebhookStore.describe(attempt));
            }
        } catch (RuntimeException unexpected) {
            log.error("webhook attempt broke endpoint={} event={}", c.endpoint().id(), c.eventId(), unexpected);
            // recorded as a failed attempt, so that the delivery follows its schedule instead of waiting out its lease
            var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            outcomes.add(outcome(c, new Delivery.Attempt(now, null, "failed: " + unexpected.getClass().getSimpleName(), 0)));
        } finally {
            total.decrementAndGet();
            lane.inFlight.decrementAndGet();
            if (running) {
                pump(lane);
                int cap = settings.concurrencyPerEndpoint();
                if (lane.queued.size() + lane.inFlight.get() <= (WebhookSettings.PREFETCH_ROUNDS - 1) * cap) {
                    wake.release();
                }
            }
        }
    }

    private Delivery.Attempt send(WebhookStore.Claimed c, Endpoint endpoint) {
        var started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        if (c.payload() == null) {
            return new Delivery.Attempt(started, null, "the event no longer exists", 0);
        }
        var uri = uris.get(endpoint.url());
        InetAddress address;
        try {
            address = guard.deliveryAddress(uri);
        } catch (AddressGuard.Refused refused) {
            return new Delivery.Attempt(started, null, "not sent: the URL " + refused.getMessage(), 0);
        }
        long timestamp = started.getEpochSecond();
        var headers = List.of("Content-Type", "application/json", "User-Agent", "FeedbackHub-Webhooks/1",
                "webhook-id", c.eventId(), "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", Signatures.header(endpoint.signingSecrets(started), c.eventId(), timestamp, c.payload()));
        Integer status = null;
        String error = null;
        try {
            status = http.post(uri, address, headers, c.payload().getBytes(StandardCharsets.UTF_8), settings.timeout()).status();
        } catch (IOException e) {
            error = describe(e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new Delivery.Attempt(started, status, error, millis);
    }

    /** Why an attempt got no status code, without the URL (its path or query may hold a token). */
    private String describe(IOException failure) {
        return switch (failure) {
            case WebhookHttp.DeadlineExceeded e -> "no complete answer within " + Durations.format(settings.timeout());
            case ConnectException e -> "connection refused or host unreachable";
            case SSLException e -> "TLS failed: " + e.getMessage();
            default -> "connection failed: " + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        };
    }

    /** Delivered on a 2xx; otherwise retried after the next delay of the schedule, or failed when it is used up. */
    WebhookStore.Outcome outcome(WebhookStore.Claimed c, Delivery.Attempt attempt) {
        int count = c.attemptCount() + 1;
        var done = attempt.at().plusMillis(attempt.durationMillis());
        if (attempt.succeeded()) {
            return new WebhookStore.Outcome(c, attempt, Delivery.Status.DELIVERED, count, done);
        }
        var delays = settings.retryDelays();
        if (count <= delays.size()) {
            return new WebhookStore.Outcome(c, attempt, Delivery.Status.PENDING, count, done.plus(delays.get(count - 1)));
        }
        return new WebhookStore.Outcome(c, attempt, Delivery.Status.FAILED, count, done);
    }

    private void recordLoop() {
        var batch = new ArrayList<WebhookStore.Outcome>();
        while (recording || !outcomes.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    var first = outcomes.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    // let a burst of answers accumulate into one transaction: few writes, each for many outcomes
                    Thread.sleep(RECORD_LINGER.toMillis());
                }
                outcomes.drainTo(batch, RECORD_BATCH - batch.size());
                record(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!recording) {
                    log.warn("webhook recorder stopped with {} outcomes unrecorded; they will be attempted again: {}", batch.size(), e.toString());
                    return;
                }
                log.warn("webhook recorder cannot reach the store, retrying in {}: {}", Durations.format(BACK_OFF_ON_STORE_FAILURE), e.toString());
                sleep(BACK_OFF_ON_STORE_FAILURE);
            }
        }
    }

    private void record(List<WebhookStore.Outcome> batch) {
        var disabled = store.record(batch, clock.instant().truncatedTo(ChronoUnit.MILLIS), settings.disableAfter());
        for (var e : disabled) {
            log.warn("webhook endpoint disabled tenant={} endpoint={} host={}: it accepted nothing for {}; re-enable it with PATCH /v1/webhooks/{}",
                    e.tenantId(), e.id(), e.host(), Durations.format(settings.disableAfter()), e.id());
        }
    }

    /** One endpoint's deliveries on this node: claimed ahead and waiting, and in flight (at most the concurrency). */
    private static final class Lane {
        volatile Endpoint endpoint;
        final ConcurrentLinkedQueue<WebhookStore.Claimed> queued = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
    }

    private static String key(Endpoint e) {
        return e.tenantId() + "/" + e.id();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, lets attempts in flight finish (bounded by one attempt's timeout), records their outcomes, and
     * returns. Whatever did not finish is attempted again, by this or another node, once its lease ends.
     */
    @Override
    public void close() {
        running = false;
        wake.release();
        join(claimer, Duration.ofSeconds(10));
        senders.shutdown();
        try {
            senders.awaitTermination(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
        recording = false;
        join(recorder, Duration.ofSeconds(10));
        http.close();
    }

    private static void join(Thread thread, Duration max) {
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
