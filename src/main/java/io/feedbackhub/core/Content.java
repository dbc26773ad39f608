package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/** A retrieved chunk or document that answers used (the content_id of chunk feedback): its title and where it came from. */
public record Content(String id, String title, String sourceUrl, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
    public Content {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
