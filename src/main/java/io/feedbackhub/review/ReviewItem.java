package io.feedbackhub.review;

import io.feedbackhub.core.Hashes;

import java.time.Instant;
import java.util.List;

/**
 * One answer in a queue, named by its message (else its trace), or in a pairwise queue two answers to one prompt:
 * {@code messageId} (the first, on which reviews are written) and {@code otherMessageId}. {@code resolvedLabel} is the
 * adjudicator's decision for {@code resolvedName}, kept beside the individual reviews, which stay.
 */
public record ReviewItem(String id, String messageId, String otherMessageId, String traceId, String threadId, Instant addedAt,
                         String resolvedName, String resolvedLabel, String resolvedBy, Instant resolvedAt) {
    /** What a pairwise review answers when neither answer is better. */
    public static final String TIE = "tie";

    public static ReviewItem added(String id, String messageId, String otherMessageId, String traceId, String threadId, Instant addedAt) {
        return new ReviewItem(id, messageId, otherMessageId, traceId, threadId, addedAt, null, null, null, null);
    }

    /** The item's identity in its queue: an answer (or a pair, in either order) enters a queue once. */
    public String targetKey() {
        if (isPair()) {
            var low = messageId.compareTo(otherMessageId) < 0 ? messageId : otherMessageId;
            var high = low.equals(messageId) ? otherMessageId : messageId;
            return "pair:" + low + "\n" + high; // ids hold no control characters
        }
        return messageId != null ? "message:" + messageId : "trace:" + traceId;
    }

    public boolean isPair() {
        return otherMessageId != null;
    }

    public ReviewItem swapped() {
        return new ReviewItem(id, otherMessageId, messageId, traceId, threadId, addedAt, resolvedName, resolvedLabel, resolvedBy, resolvedAt);
    }

    /**
     * The order in which this reviewer sees a pair's two answers (left, right): fixed per reviewer and item, so that a
     * reload shows the same order, and over many items half of them see the first answer first, which keeps a position
     * bias from favouring either answer.
     */
    public List<String> shownOrder(String reviewerId) {
        var flip = (Hashes.sha256(reviewerId + "\u0000" + id)[0] & 1) == 1;
        return flip ? List.of(otherMessageId, messageId) : List.of(messageId, otherMessageId);
    }
}
