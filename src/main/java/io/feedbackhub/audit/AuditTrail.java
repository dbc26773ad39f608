package io.feedbackhub.audit;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit log: records the changes {@link AuditedRequests} covers, lists them to admins, and forgets them after the
 * retention ({@code FEEDBACK_HUB_AUDIT_RETENTION}), swept hourly on every node (the delete is idempotent).
 *
 * <p>An entry is written after its change committed, in its own transaction: a node that stops between the two
 * loses that entry (the change stands). Putting the entry into every change's transaction would take the audit into
 * every service; until that is worth it, the gap is documented in RELIABILITY.md.
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final AuditStore store;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("audit-retention").factory());

    public AuditTrail(AuditStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    public AuditTrail start() {
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Records one change made by {@code caller}; path parameters name its target. */
    public void record(Principal caller, String door, String method, String route, Map<String, String> pathParams,
                       int status, String userAgent) {
        var actorKind = caller.isEndUser() ? "end_user" : "key";
        var actorId = caller.isEndUser() ? caller.authorId() : caller.keyId();
        store.append(new AuditEntry(Ids.newId(), caller.tenantId(), clock.instant(), actorKind, actorId, door, method,
                route, new LinkedHashMap<>(pathParams), status, caller.clientAddress(), truncate(userAgent)));
    }

    public Page<AuditEntry> page(AuditQuery query) {
        if (query.limit() < 1 || query.limit() > AuditQuery.MAX_LIMIT) {
            throw new InvalidInput(FieldError.of("limit", "must be from 1 to " + AuditQuery.MAX_LIMIT));
        }
        if (query.since() != null && query.until() != null && !query.since().isBefore(query.until())) {
            throw new InvalidInput(FieldError.of("since", "must be before until"));
        }
        var entries = store.page(query);
        var next = entries.size() == query.limit() ? entries.getLast().id() : null;
        return new Page<>(entries, next);
    }

    /** Removes what is older than the retention; returns how many entries. */
    public int sweep() {
        return store.removeOlderThan(clock.instant().minus(retention));
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                log.info("audit retention removed {} entries older than {}", removed, retention);
            }
        } catch (RuntimeException e) {
            log.warn("audit retention sweep failed; it runs again in {}", SWEEP_EVERY, e);
        }
    }

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
