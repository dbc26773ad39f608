package io.feedbackhub.core;

/** What a piece of feedback is about. At least one of messageId and traceId is set. */
public record Target(String agentId, String threadId, String messageId, String turnId, String traceId, String contentId) {
    public static Target ofMessage(String agentId, String threadId, String messageId) {
        return new Target(agentId, threadId, messageId, null, null, null);
    }
}
