package io.feedbackhub.review;

import java.time.Instant;

/**
 * One answer in a queue, named by its message (else its trace). {@code resolvedLabel} is the adjudicator's decision
 * for {@code resolvedName}, kept beside the individual reviews, which stay.
 */
public record ReviewItem(String id, String messageId, String traceId, String threadId, Instant addedAt,
                         String resolvedName, String resolvedLabel, String resolvedBy, Instant resolvedAt) {

    public static ReviewItem added(String id, String messageId, String traceId, String threadId, Instant addedAt) {
        return new ReviewItem(id, messageId, traceId, threadId, addedAt, null, null, null, null);
    }

    /** The item's identity in its queue: an answer enters a queue once. */
    public String targetKey() {
        return messageId != null ? "message:" + messageId : "trace:" + traceId;
    }
}
