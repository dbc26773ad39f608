package io.feedbackhub.core;

import java.time.Instant;

/**
 * What a search found: a message (by its prompt or answer) or a feedback (by its comment or correction), with the
 * ids to open it (for feedback, the message it names: {@code messageId}, else its {@code traceId}'s root), the
 * field that matched and a short excerpt around the first matching word.
 */
public record SearchHit(Kind kind, String id, String messageId, String traceId, String threadId, String field,
                        String excerpt, Instant createdAt) {
    public enum Kind {
        MESSAGE, FEEDBACK;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a page ends in the newest-first order: created_at, then kind and id (descending). */
    public record Position(Instant createdAt, Kind kind, String id) {
    }

    public Position position() {
        return new Position(createdAt, kind, id);
    }
}
