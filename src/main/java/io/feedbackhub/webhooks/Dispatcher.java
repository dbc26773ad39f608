package io.feedbackhub.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the outbox after commit, on every node: claims due deliveries per endpoint (a lease; on PostgreSQL
 * {@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same row), sends each on a virtual thread, and records
 * the outcomes in batches. Nothing here runs inside a feedback write, so a slow or dead receiver costs writes nothing:
 * it only fills its own in-flight slots ({@link WebhookSettings#concurrencyPerEndpoint()}) while other endpoints go on.
 *
 * <p>At least once: a node that dies mid-attempt leaves its claimed rows to become due again when their lease ends,
 * and receivers deduplicate on {@code webhook-id}. Phases of a cycle: list enabled endpoints, skip those without
 * free slots or due rows, claim, send.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** How long a node waits before looking for due deliveries when nothing woke it up. */
    static final Duration POLL = Duration.ofMillis(200);
    /** Deliveries claimed and not yet finished on one node, all endpoints together. */
    static final int MAX_OUTSTANDING = 4096;
    private static final int RECORD_BATCH = 1000;
    private static final Duration RECORD_LINGER = Duration.ofMillis(100);
    private static final Duration CLEAN_UP_EVERY = Duration.ofHours(1);
    private static final Duration BACK_OFF_ON_STORE_FAILURE = Duration.ofSeconds(2);

    private final WebhookStore store;
    private final WebhookSettings settings;
    private final AddressGuard guard;
    private final Clock clock;
    private final HttpClient client;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final BlockingQueue<WebhookStore.Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile boolean recording = true;
    private Thread claimer;
    private Thread recorder;

    Dispatcher(WebhookStore store, WebhookSettings settings, AddressGuard guard, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.guard = guard;
        this.clock = clock;
        // Redirects are not followed: a 3xx is a failed attempt, and nobody can bounce a delivery to an internal address.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void start() {
        claimer = Thread.ofPlatform().name("webhook-dispatcher").daemon(true).start(this::claimLoop);
        recorder = Thread.ofPlatform().name("webhook-recorder").daemon(true).start(this::recordLoop);
        log.info("webhook dispatcher started {}", settings.describe());
    }

    /** Looks for due deliveries now instead of at the next poll (e.g. after a local write added some). */
    void nudge() {
        wake.release();
    }

    private void claimLoop() {
        var nextCleanUp = clock.instant().plus(Duration.ofMinutes(1));
        while (running) {
            boolean more = false;
            try {
                more = cycle();
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
        var enabled = store.enabled();
        var current = new java.util.HashSet<String>();
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
            if (room <= 0 || outstanding > 0 && room < cap) {
                continue;
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
            var attempt = send(c);
            outcomes.add(outcome(c, attempt));
            if (!attempt.succeeded()) {
                log.debug("webhook attempt failed endpoint={} host={} event={} attempt={} result={}", c.endpoint().id(),
                        c.endpoint().host(), c.eventId(), c.attemptCount() + 1, WebhookStore.describe(attempt));
            }
        } catch (RuntimeException unexpected) {
            log.error("webhook attempt broke endpoint={} event={}", c.endpoint().id(), c.eventId(), unexpected);
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

    private Delivery.Attempt send(WebhookStore.Claimed c) {
        var started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        var endpoint = c.endpoint();
        if (c.payload() == null) {
            return new Delivery.Attempt(started, null, "the event no longer exists", 0);
        }
        var refused = guard.refusal(endpoint.url());
        if (refused.isPresent()) {
            return new Delivery.Attempt(started, null, "not sent: the URL " + refused.get(), 0);
        }
        long timestamp = started.getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "FeedbackHub-Webhooks/1")
                .header("webhook-id", c.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.header(endpoint.signingSecrets(started), c.eventId(), timestamp, c.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(c.payload()))
                .build();
        var future = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        Integer status = null;
        String error = null;
        try {
            status = future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            future.cancel(true);
            error = "no complete answer within " + Durations.format(settings.timeout());
        } catch (ExecutionException e) {
            error = describe(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            error = "interrupted: the node is stopping";
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new Delivery.Attempt(started, status, error, millis);
    }

    /** Why an attempt got no status code, without the URL (its path or query may hold a token). */
    private String describe(Throwable failure) {
        return switch (failure) {
            case HttpConnectTimeoutException e -> "could not connect within " + Durations.format(settings.timeout());
            case HttpTimeoutException e -> "no answer within " + Durations.format(settings.timeout());
            case ConnectException e -> "connection refused or host unreachable";
            case SSLException e -> "TLS failed: " + e.getMessage();
            case IOException e -> "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            default -> "failed: " + failure;
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
        final java.util.concurrent.ConcurrentLinkedQueue<WebhookStore.Claimed> queued = new java.util.concurrent.ConcurrentLinkedQueue<>();
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
        client.shutdownNow();
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
