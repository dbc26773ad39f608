package io.feedbackhub.core;

/** What a piece of feedback is about. At least one of messageId and traceId is set. */
public record Target(String agentId, String threadId, String messageId, String turnId, String traceId, String contentId) {
    public static Target ofMessage(String agentId, String threadId, String messageId) {
        return new Target(agentId, threadId, messageId, null, null, null);
    }

    public Target withContent(String contentId) {
        return new Target(agentId, threadId, messageId, turnId, traceId, contentId);
    }

    public Target withTurn(String turnId) {
        return new Target(agentId, threadId, messageId, turnId, traceId, contentId);
    }
}
