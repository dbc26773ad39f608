package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/** One AI output inside a thread, with the prompt that produced it when the caller registers it. */
public record Message(String id, String threadId, String role, String prompt, String content, String model,
                      Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
    public Message {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
