package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/** The AI application being judged. */
public record Agent(String id, String name, String description, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
    public Agent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
