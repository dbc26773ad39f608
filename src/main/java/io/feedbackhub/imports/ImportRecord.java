package io.feedbackhub.imports;

import io.feedbackhub.core.FeedbackDraft;

import java.util.Map;

/** What one line of an import writes: the feedback, and the thread and message it was given on when the line has them. */
public record ImportRecord(FeedbackDraft feedback, Thread thread, Message message) {
    public static ImportRecord of(FeedbackDraft feedback) {
        return new ImportRecord(feedback, null, null);
    }

    public record Thread(String id, String agentId, String title, Map<String, String> metadata) {
    }

    public record Message(String id, String threadId, String role, String prompt, String content, String model,
                          Map<String, String> metadata) {
    }
}
