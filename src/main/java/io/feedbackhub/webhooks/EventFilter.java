package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which feedback an endpoint hears about, as stored and as clients send it: the keys and meanings of the {@code GET /v1/feedback} filters (all optional,
 * combined with AND), checked against the record an event carries instead of against the table.
 *
 * <p>The last component, {@link #asFeedbackFilter()}, is derived from the others: the constructor builds it once (every
 * event of every endpoint is matched against it) and replaces whatever was passed for it.
 */
public record EventFilter(String agentId, String threadId, String messageId, String traceId, String contentId,
                             String name, String label, Double scoreMin, Double scoreMax, String authorId, Source source,
                             Instant createdFrom, Instant createdTo, Map<String, String> metadata, FeedbackFilter asFeedbackFilter) {

    public static final EventFilter ANY = new EventFilter(null, null, null, null, null, null, null, null, null,
            null, null, null, null, Map.of());
    static final Set<String> KEYS = Set.of("agent_id", "thread_id", "message_id", "trace_id", "content_id", "name", "label",
            "score_min", "score_max", "author_id", "source", "created_from", "created_to");
    private static final String METADATA_PREFIX = "metadata.";

    public EventFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        // the same keys in the core read model, so an event and a listing agree on what each filter means
        asFeedbackFilter = FeedbackFilter.ALL.is(FeedbackField.AGENT_ID, agentId).is(FeedbackField.THREAD_ID, threadId)
                .is(FeedbackField.MESSAGE_ID, messageId).is(FeedbackField.TRACE_ID, traceId)
                .is(FeedbackField.CONTENT_ID, contentId).is(FeedbackField.NAME, name).is(FeedbackField.LABEL, label)
                .scoreBetween(scoreMin, scoreMax).is(FeedbackField.AUTHOR_ID, authorId)
                .sources(source == null ? null : List.of(source)).createdBetween(createdFrom, createdTo).metadata(metadata);
    }

    public EventFilter(String agentId, String threadId, String messageId, String traceId, String contentId,
                       String name, String label, Double scoreMin, Double scoreMax, String authorId, Source source,
                       Instant createdFrom, Instant createdTo, Map<String, String> metadata) {
        this(agentId, threadId, messageId, traceId, contentId, name, label, scoreMin, scoreMax, authorId, source,
                createdFrom, createdTo, metadata, null);
    }

    /** The {@code filter} object of a request; every problem is reported, named {@code filter.<key>}. */
    public static EventFilter parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return ANY;
        }
        if (!node.isObject()) {
            throw new InvalidInput(new FieldError("filter", "must be an object of GET /v1/feedback filters, got " + JsonFields.kind(node), "dict_type"));
        }
        var errors = new ArrayList<FieldError>();
        var metadata = new TreeMap<String, String>();
        node.properties().forEach(e -> {
            var key = e.getKey();
            if (key.startsWith(METADATA_PREFIX)) {
                var metaKey = key.substring(METADATA_PREFIX.length());
                if (!FeedbackRules.METADATA_KEY.matcher(metaKey).matches()) {
                    errors.add(FieldError.of("filter." + key, "metadata keys are 1-64 characters of letters, digits, _ . -"));
                } else if (!e.getValue().isTextual()) {
                    errors.add(new FieldError("filter." + key, "must be a string, got " + JsonFields.kind(e.getValue()), "string_type"));
                } else {
                    metadata.put(metaKey, e.getValue().textValue());
                }
            } else if (!KEYS.contains(key)) {
                errors.add(new FieldError("filter." + key, "is not a filter of GET /v1/feedback; known: " + new TreeSet<>(KEYS)
                        + " and metadata.<key>", "extra_forbidden"));
            }
        });
        var sourceText = text(node, "source", errors);
        var source = sourceText == null ? null : Source.parse(sourceText).orElse(null);
        if (sourceText != null && source == null) {
            errors.add(FieldError.of("filter.source", "must be one of user, api, model, reviewer, got \"" + sourceText + "\""));
        }
        var filter = new EventFilter(text(node, "agent_id", errors), text(node, "thread_id", errors), text(node, "message_id", errors),
                text(node, "trace_id", errors), text(node, "content_id", errors), text(node, "name", errors), text(node, "label", errors),
                number(node, "score_min", errors), number(node, "score_max", errors), text(node, "author_id", errors), source,
                instant(node, "created_from", errors), instant(node, "created_to", errors), metadata);
        if (filter.scoreMin() != null && filter.scoreMax() != null && filter.scoreMin() > filter.scoreMax()) {
            errors.add(FieldError.of("filter.score_min", "must not exceed score_max"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return filter;
    }

    /** Stored text of a filter written by {@link #toJson()}; trusted. */
    public static EventFilter fromStored(String json) {
        try {
            return parse(Json.tree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored webhook filter is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** True when {@code f} is what {@code GET /v1/feedback} with these filters would list (live or not). */
    public boolean matches(Feedback f) {
        return asFeedbackFilter.test(f);
    }

    public ObjectNode toJson() {
        var o = Json.object();
        put(o, "agent_id", agentId);
        put(o, "thread_id", threadId);
        put(o, "message_id", messageId);
        put(o, "trace_id", traceId);
        put(o, "content_id", contentId);
        put(o, "name", name);
        put(o, "label", label);
        if (scoreMin != null) {
            o.put("score_min", scoreMin);
        }
        if (scoreMax != null) {
            o.put("score_max", scoreMax);
        }
        put(o, "author_id", authorId);
        put(o, "source", source == null ? null : source.wire());
        put(o, "created_from", createdFrom == null ? null : createdFrom.toString());
        put(o, "created_to", createdTo == null ? null : createdTo.toString());
        new TreeMap<>(metadata).forEach((k, v) -> o.put(METADATA_PREFIX + k, v));
        return o;
    }

    private static void put(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    /** A string member, a wrong type reported in the native wording under {@code filter.<key>}. */
    private static String text(JsonNode node, String key, List<FieldError> errors) {
        return FieldReader.of((ObjectNode) node, JsonFields.wording(errors, "filter.")).string(key);
    }

    /** A number, or a string holding one (as the query string of GET /v1/feedback has it). */
    private static Double number(JsonNode node, String key, List<FieldError> errors) {
        var v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            double d = v.isNumber() ? v.doubleValue() : v.isTextual() ? Double.parseDouble(v.textValue()) : Double.NaN;
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError("filter." + key, "must be a finite number, got " + v, "float_type"));
        return null;
    }

    private static Instant instant(JsonNode node, String key, List<FieldError> errors) {
        var text = text(node, key, errors);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of("filter." + key, "must be an ISO 8601 instant such as 2026-01-31T00:00:00Z, got \"" + text + "\""));
            return null;
        }
    }
}
