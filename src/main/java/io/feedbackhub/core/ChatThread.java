package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/** One conversation, belonging to at most one agent. (Named so as not to clash with java.lang.Thread.) */
public record ChatThread(String id, String agentId, String title, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
    public ChatThread {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
