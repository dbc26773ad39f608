package io.feedbackhub.context;

import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * FEEDBACK_HUB_CONTEXT_RETENTION: every hour, forgets the prompt and answer text of messages recorded from traces
 * longer ago than the retention. The feedback on them keeps the dimensions it inherited (model, environment, …): those
 * are stored on the feedback itself, and forgetting text re-attributes nothing.
 */
public final class RetentionSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final RegistryService registry;
    private final ContentService contents;
    private final KeepIfJudged sampling;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public RetentionSweep(RegistryService registry, ContentService contents, KeepIfJudged sampling, ContextSettings settings,
                          Clock clock) {
        this.registry = registry;
        this.contents = contents;
        this.sampling = sampling;
        this.retention = settings.retention();
        this.clock = clock;
    }

    public RetentionSweep start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("context-retention").factory());
        timer.scheduleWithFixedDelay(this::sweepNow, 1, EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /**
     * Drops the unjudged traces whose keep-if-judged window has passed, then forgets the text recorded before
     * {@code now − retention}: traced messages' prompts and answers, and what the retrieved chunks said; answers how
     * many messages lost theirs.
     */
    public int sweep(Instant now) {
        int dropped = sampling.sweep(now);
        if (dropped > 0) {
            log.info("keep-if-judged dropped {} unjudged traces past their window", dropped);
        }
        var cutoff = now.minus(retention);
        int forgotten = registry.forgetTracedTextBefore(cutoff);
        int chunks = contents.forgetTextBefore(cutoff);
        if (forgotten > 0 || chunks > 0) {
            log.info("context retention forgot the text of {} messages and {} chunks recorded before {}", forgotten, chunks, cutoff);
        }
        return forgotten;
    }

    private void sweepNow() {
        try {
            sweep(clock.instant());
        } catch (StoreUnavailable e) {
            log.warn("context retention sweep skipped, the store is unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("context retention sweep failed", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
