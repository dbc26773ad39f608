package io.feedbackhub.people;

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
 * Every hour, on every node (the deletes are idempotent), deletes the sessions that can no longer be used (signed
 * out, revoked, or past their idle or absolute expiry) and the invitations accepted or past their expiry. Nothing
 * reads them once spent: a token whose row is gone is as unknown as one whose row says it ended. Who signed in and
 * who invited whom stays in the audit log.
 */
public final class SpentRowsSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpentRowsSweep.class);
    static final Duration EVERY = Duration.ofHours(1);

    /** What one sweep deleted. */
    public record Swept(int sessions, int invitations) {
    }

    private final PeopleStore store;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public SpentRowsSweep(PeopleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SpentRowsSweep start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("spent-sessions-sweep").factory());
        timer.scheduleWithFixedDelay(this::sweepNow, 1, EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Deletes what is spent at {@code now}. */
    public Swept sweep(Instant now) {
        var swept = new Swept(store.removeEndedSessions(now), store.removeSpentInvitations(now));
        if (swept.sessions() > 0 || swept.invitations() > 0) {
            log.info("spent rows sweep deleted sessions={} invitations={}", swept.sessions(), swept.invitations());
        }
        return swept;
    }

    private void sweepNow() {
        try {
            sweep(clock.instant());
        } catch (StoreUnavailable e) {
            log.warn("spent rows sweep skipped, the store is unavailable; it runs again in {}: {}", EVERY, e.getMessage());
        } catch (RuntimeException e) {
            log.error("spent rows sweep failed; it runs again in {}", EVERY, e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
