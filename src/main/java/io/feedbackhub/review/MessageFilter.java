package io.feedbackhub.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Which registered messages: each condition optional, combined with AND; metadata values must be equal. */
public record MessageFilter(String threadId, String model, Instant createdFrom, Instant createdTo, Map<String, String> metadata) {
    public MessageFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** {"thread_id", "model", "created_from", "created_to", "metadata"}; errors are named {@code messages.<field>}. */
    public static MessageFilter parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInput(new FieldError("messages", "must be an object of thread_id, model, created_from, created_to, metadata", "dict_type"));
        }
        var m = JsonFields.of(node);
        m.rejectUnknown(Set.of("thread_id", "model", "created_from", "created_to", "metadata"));
        var filter = new MessageFilter(m.string("thread_id"), m.string("model"), m.instant("created_from"), m.instant("created_to"),
                m.stringMap("metadata"));
        if (!m.errors().isEmpty()) {
            throw new InvalidInput(m.errors().stream().map(e -> new FieldError("messages." + e.field(), e.message(), e.code())).toList());
        }
        return filter;
    }

    /** A filter as {@link ItemFilter#filter()} keeps it (the request's own object). */
    public static MessageFilter fromStored(String json) {
        try {
            return parse(Json.tree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored message filter is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The same test as the store's query over messages: created in [created_from, created_to), the rest equal. */
    public boolean matches(Message m) {
        return (threadId == null || threadId.equals(m.threadId())) && (model == null || model.equals(m.model()))
                && (createdFrom == null || !m.createdAt().isBefore(createdFrom)) && (createdTo == null || m.createdAt().isBefore(createdTo))
                && metadata.entrySet().stream().allMatch(e -> Objects.equals(m.metadata().get(e.getKey()), e.getValue()));
    }
}
