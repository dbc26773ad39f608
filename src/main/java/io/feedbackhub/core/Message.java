package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/**
 * One AI output inside a thread, with the prompt that produced it when the caller registers it; {@code trace} is what
 * an OpenTelemetry span said about it when it was recorded from one (null when registered through /v1/messages).
 */
public record Message(String id, String threadId, String role, String prompt, String content, String model,
                      Map<String, String> metadata, Instant createdAt, Instant updatedAt, MessageTrace trace) {
    public Message {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public Message(String id, String threadId, String role, String prompt, String content, String model,
                   Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
        this(id, threadId, role, prompt, content, model, metadata, createdAt, updatedAt, null);
    }
}
