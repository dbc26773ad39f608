package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/** Filters of a feedback listing (all optional, combined with AND) and the page to read. */
public record FeedbackQuery(
        String agentId,
        String threadId,
        String messageId,
        String traceId,
        String contentId,
        String name,
        String label,
        Double scoreMin,
        Double scoreMax,
        String authorId,
        Source source,
        Instant createdFrom,
        Instant createdTo,
        Map<String, String> metadata,
        String afterId,
        int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public FeedbackQuery {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static FeedbackQuery forThread(String threadId, int limit) {
        return new FeedbackQuery(null, threadId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, limit);
    }

    public FeedbackQuery after(String id) {
        return new FeedbackQuery(agentId, threadId, messageId, traceId, contentId, name, label, scoreMin, scoreMax,
                authorId, source, createdFrom, createdTo, metadata, id, limit);
    }
}
