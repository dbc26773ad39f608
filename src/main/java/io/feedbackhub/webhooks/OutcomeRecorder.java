package io.feedbackhub.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the outcomes of attempts on a thread of its own, many per transaction: answers arriving one by one must
 * not each cost a write. An endpoint this disables is logged for the operator.
 */
final class OutcomeRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final int BATCH = 1000;
    private static final Duration LINGER = Duration.ofMillis(100);
    private static final Duration BACK_OFF_ON_STORE_FAILURE = Duration.ofSeconds(2);

    private final DeliveryStore store;
    private final Duration disableAfter;
    private final Clock clock;
    private final BlockingQueue<AttemptOutcome> outcomes = new LinkedBlockingQueue<>();
    private volatile boolean recording = true;
    private Thread thread;

    OutcomeRecorder(DeliveryStore store, Duration disableAfter, Clock clock) {
        this.store = store;
        this.disableAfter = disableAfter;
        this.clock = clock;
    }

    void start() {
        thread = Thread.ofPlatform().name("webhook-recorder").daemon(true).start(this::loop);
    }

    void add(AttemptOutcome outcome) {
        outcomes.add(outcome);
    }

    private void loop() {
        var batch = new ArrayList<AttemptOutcome>();
        while (recording || !outcomes.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    var first = outcomes.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    // let a burst of answers accumulate into one transaction: few writes, each for many outcomes
                    Thread.sleep(LINGER.toMillis());
                }
                outcomes.drainTo(batch, BATCH - batch.size());
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
                Threads.sleep(BACK_OFF_ON_STORE_FAILURE);
            }
        }
    }

    private void record(List<AttemptOutcome> batch) {
        var disabled = store.record(batch, clock.instant().truncatedTo(ChronoUnit.MILLIS), disableAfter);
        for (var e : disabled) {
            log.warn("webhook endpoint disabled tenant={} endpoint={} host={}: it accepted nothing for {}; re-enable it with PATCH /v1/webhooks/{}",
                    e.tenantId(), e.id(), e.host(), Durations.format(disableAfter), e.id());
        }
    }

    /** Records what is queued (the senders have finished by now) and returns. */
    @Override
    public void close() {
        recording = false;
        Threads.join(thread, Duration.ofSeconds(10));
    }
}
