package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which feedback an alert rule counts. A rate or mean rule takes the {@code GET /v1/feedback} filters that the hourly
 * rollups keep, so it is evaluated from them and never from feedback rows: {@code name}, {@code agent_id},
 * {@code label}, and one of {@code content_id} or a single {@code metadata.<key>}. An agreement rule takes the filters
 * of {@code GET /v1/stats/agreement} ({@code name}, {@code source}, {@code agent_id}) or a review queue's
 * ({@code review_queue_id} and {@code name}); which keys fit which condition is checked by {@link AlertService}.
 */
public record AlertFilter(String name, String agentId, String label, String contentId, String metadataKey, String metadataValue,
                          String source, String reviewQueueId) {
    public static final AlertFilter ANY = new AlertFilter(null, null, null, null, null, null, null, null);
    private static final Set<String> KEYS = Set.of("name", "agent_id", "label", "content_id", "source", "review_queue_id");

    public static AlertFilter parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return ANY;
        }
        if (!node.isObject()) {
            throw new InvalidInput(new FieldError("filter", "must be an object of GET /v1/feedback filters, got " + JsonFields.kind(node), "dict_type"));
        }
        var errors = new ArrayList<FieldError>();
        String metaKey = null;
        String metaValue = null;
        for (var it = node.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            var key = e.getKey();
            if (key.startsWith("metadata.")) {
                var k = key.substring("metadata.".length());
                if (!FeedbackRules.METADATA_KEY.matcher(k).matches()) {
                    errors.add(FieldError.of("filter." + key, "metadata keys are 1-64 characters of letters, digits, _ . -"));
                } else if (metaKey != null) {
                    errors.add(FieldError.of("filter." + key, "an alert rule can filter on one metadata key (the rollups keep one per row), got a second"));
                } else if (!e.getValue().isTextual()) {
                    errors.add(new FieldError("filter." + key, "must be a string, got " + JsonFields.kind(e.getValue()), "string_type"));
                } else {
                    metaKey = k;
                    metaValue = e.getValue().textValue();
                }
            } else if (EventFilter.KEYS.contains(key) && !KEYS.contains(key)) {
                errors.add(new FieldError("filter." + key, "cannot be evaluated from the hourly rollups; alert rules filter on "
                        + "name, agent_id, label, content_id or one metadata.<key> (agreement rules: name, source, agent_id or review_queue_id)",
                        "not_aggregated"));
            } else if (!KEYS.contains(key)) {
                errors.add(new FieldError("filter." + key, "is not a known filter; alert rules filter on name, agent_id, label, "
                        + "content_id or one metadata.<key> (agreement rules: name, source, agent_id or review_queue_id)", "extra_forbidden"));
            }
        }
        var source = text(node, "source", errors);
        if (source != null && Source.parse(source).isEmpty()) {
            errors.add(FieldError.of("filter.source", "must be one of user, api, model, reviewer, got \"" + source + "\""));
        }
        var filter = new AlertFilter(text(node, "name", errors), text(node, "agent_id", errors), text(node, "label", errors),
                text(node, "content_id", errors), metaKey, metaValue, source, text(node, "review_queue_id", errors));
        if (filter.contentId() != null && metaKey != null) {
            errors.add(FieldError.of("filter.content_id", "cannot be combined with a metadata filter in an alert rule (the rollups keep one of them per row)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return filter;
    }

    public static AlertFilter fromStored(String json) {
        try {
            return parse(Json.tree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored alert filter is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public ObjectNode toJson() {
        var o = Json.object();
        if (name != null) {
            o.put("name", name);
        }
        if (agentId != null) {
            o.put("agent_id", agentId);
        }
        if (label != null) {
            o.put("label", label);
        }
        if (contentId != null) {
            o.put("content_id", contentId);
        }
        if (metadataKey != null) {
            o.put("metadata." + metadataKey, metadataValue);
        }
        if (source != null) {
            o.put("source", source);
        }
        if (reviewQueueId != null) {
            o.put("review_queue_id", reviewQueueId);
        }
        return o;
    }

    /** A string member, a wrong type reported in the native wording under {@code filter.<key>}. */
    private static String text(JsonNode node, String key, List<FieldError> errors) {
        return FieldReader.of((ObjectNode) node, JsonFields.wording(errors, "filter.")).string(key);
    }
}
