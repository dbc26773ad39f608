package io.feedbackhub.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Keep-if-judged's storage (docs/context.md): the tenants' sampling settings, and the buffer of traces recorded while
 * sampling was on and not judged yet. A trace is judged when feedback or a review item names its trace id, or the id
 * of one of its messages; a judged trace leaves the buffer and is kept, an unjudged one is dropped (its messages
 * deleted) once its window has passed, or earlier when its tenant's buffer is over a cap (oldest first).
 */
public interface ContextBuffer {
    Optional<ContextSampling> sampling(String tenantId);

    ContextSampling putSampling(String tenantId, ContextSampling sampling);

    /** Adds each trace's bytes of text to its buffer row, created at {@code now} when new; in one transaction. */
    void buffer(String tenantId, java.util.SortedMap<String, Long> bytesByTrace, Instant now);

    /**
     * While the tenant's buffer holds more than {@code maxTraces} traces or {@code maxBytes} bytes, takes its oldest
     * trace out: kept when judged, dropped when not. Answers how many were dropped.
     */
    int enforceCaps(String tenantId, long maxTraces, long maxBytes);

    /**
     * Every tenant: a buffered trace whose window has passed is kept when judged and dropped when not; the buffer of a
     * tenant that turned sampling off is kept whole. Answers how many traces were dropped.
     */
    int sweep(Instant now);
}
