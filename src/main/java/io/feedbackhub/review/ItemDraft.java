package io.feedbackhub.review;

import java.util.List;

/**
 * An answer to add to a queue: its message, else its trace; the thread only describes it. An item of a pairwise queue
 * names two messages in {@code pair} instead.
 */
public record ItemDraft(String messageId, String traceId, String threadId, List<String> pair) {
    public ItemDraft(String messageId, String traceId, String threadId) {
        this(messageId, traceId, threadId, null);
    }
}
