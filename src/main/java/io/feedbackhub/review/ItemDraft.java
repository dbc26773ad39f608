package io.feedbackhub.review;

import java.util.List;

/**
 * An answer to add to a queue: its message, else its trace, else (a thread id alone) the thread's latest answer; beside
 * a message or trace the thread only describes it. An item of a pairwise queue names two messages in {@code pair} instead.
 */
public record ItemDraft(String messageId, String traceId, String threadId, List<String> pair) {
    public ItemDraft(String messageId, String traceId, String threadId) {
        this(messageId, traceId, threadId, null);
    }
}
