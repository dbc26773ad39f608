package io.feedbackhub.core;

import java.time.Instant;
import java.util.Map;

/**
 * A retrieved chunk or document that answers used (the content_id of chunk feedback): its title, where it came from,
 * and what it said ({@code text}, recorded from a retrieval span; null when registered through /v1/contents or once
 * the context retention forgot it).
 */
public record Content(String id, String title, String sourceUrl, Map<String, String> metadata, Instant createdAt,
                      Instant updatedAt, String text) {
    public Content {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public Content(String id, String title, String sourceUrl, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
        this(id, title, sourceUrl, metadata, createdAt, updatedAt, null);
    }
}
