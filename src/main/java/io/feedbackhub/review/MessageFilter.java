package io.feedbackhub.review;

import java.time.Instant;
import java.util.Map;

/** Which registered messages: each condition optional, combined with AND; metadata values must be equal. */
public record MessageFilter(String threadId, String model, Instant createdFrom, Instant createdTo, Map<String, String> metadata) {
    public MessageFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
