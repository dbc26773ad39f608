package io.feedbackhub.review;

/** An answer to add to a queue: its message, else its trace; the thread only describes it. */
public record ItemDraft(String messageId, String traceId, String threadId) {
}
