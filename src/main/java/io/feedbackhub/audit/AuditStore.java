package io.feedbackhub.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where audit entries are kept. Append-only by design: there is no update, and the only delete is the retention's,
 * by age; no route reaches either.
 */
public interface AuditStore {
    void append(AuditEntry entry);

    /** Up to {@code query.limit()} entries, newest first, with ids below {@code query.beforeId()} when it is set. */
    List<AuditEntry> page(AuditQuery query);

    /** Removes entries older than {@code cutoff}, in every tenant; returns how many. */
    int removeOlderThan(Instant cutoff);
}
