package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Langfuse score configs are Feedback Hub feedback configs. A config is known by its name in Feedback Hub, so its
 * Langfuse {@code id} is its name, and a score's {@code configId} names the config (and must equal the score's
 * name, as Langfuse requires). Category values are positions (0, 1, 2, ...): feedback configs keep the labels in
 * order, not numbers beside them, so other values are refused rather than lost.
 */
final class ScoreConfigs {
    private final ConfigService configs;

    ScoreConfigs(ConfigService configs) {
        this.configs = configs;
    }

    Optional<FeedbackConfig> find(String tenantId, String id) {
        try {
            return Optional.of(configs.get(tenantId, id));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    List<FeedbackConfig> list(String tenantId) {
        return configs.list(tenantId);
    }

    /** The tenant's configs by name (a config's Langfuse id), for rendering scores. */
    Map<String, FeedbackConfig> byName(String tenantId) {
        var map = new HashMap<String, FeedbackConfig>();
        configs.list(tenantId).forEach(c -> map.put(c.name(), c));
        return map;
    }

    /** POST: a new config; 409 when the name is taken (changing one is a PATCH). */
    FeedbackConfig create(String tenantId, JsonNode body) {
        var issues = new LangfuseError.Issues();
        if (!(body instanceof ObjectNode o)) {
            throw LangfuseError.invalid(issues.type("object", body));
        }
        var name = text(o, "name", issues);
        if (name == null && !o.hasNonNull("name")) {
            issues.required("string", "name");
        }
        FeedbackConfig.Type type = null;
        var dataType = o.get("dataType");
        if (dataType == null || dataType.isNull()) {
            issues.required("'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL' | 'TEXT'", "dataType");
        } else {
            type = switch (dataType.isTextual() ? dataType.textValue() : "") {
                case "NUMERIC" -> FeedbackConfig.Type.NUMERIC;
                case "BOOLEAN" -> FeedbackConfig.Type.BOOLEAN;
                case "CATEGORICAL" -> FeedbackConfig.Type.CATEGORICAL;
                case "TEXT" -> FeedbackConfig.Type.TEXT;
                default -> {
                    issues.enumValue(List.of("NUMERIC", "BOOLEAN", "CATEGORICAL", "TEXT"), dataType, "dataType");
                    yield null;
                }
            };
        }
        var labels = categories(o, type, issues);
        var min = number(o, "minValue", issues);
        var max = number(o, "maxValue", issues);
        if ((min != null || max != null) && type != null && type != FeedbackConfig.Type.NUMERIC) {
            issues.custom("minValue and maxValue are only allowed for NUMERIC configs", "minValue");
        }
        var description = text(o, "description", issues);
        issues.throwIfAny();
        if (find(tenantId, name).isPresent()) {
            throw LangfuseError.conflict("A score config named " + name + " already exists (id " + name + "); change it with PATCH");
        }
        return configs.put(tenantId, new FeedbackConfig(name, type, labels, min, max, List.of(), description, null, null));
    }

    /** PATCH: the fields given replace the stored ones; archiving and renaming are not supported. */
    FeedbackConfig update(String tenantId, String id, JsonNode body) {
        var current = find(tenantId, id).orElseThrow(() -> LangfuseError.notFound("Score config not found"));
        var issues = new LangfuseError.Issues();
        if (!(body instanceof ObjectNode o)) {
            throw LangfuseError.invalid(issues.type("object", body));
        }
        var archived = o.get("isArchived");
        if (archived != null && archived.isBoolean() && archived.booleanValue()) {
            issues.custom("archiving is not supported: Feedback Hub checks every write against a config until it is"
                    + " deleted (DELETE /v1/feedback-configs/{name} in the native API)", "isArchived");
        }
        var name = text(o, "name", issues);
        if (name != null && !name.equals(current.name())) {
            issues.custom("renaming is not supported: a config's name is the feedback name it checks", "name");
        }
        var labels = o.has("categories") ? categories(o, current.type(), issues) : current.labels();
        var min = o.has("minValue") ? number(o, "minValue", issues) : current.min();
        var max = o.has("maxValue") ? number(o, "maxValue", issues) : current.max();
        var description = o.has("description") ? text(o, "description", issues) : current.description();
        issues.throwIfAny();
        return configs.put(tenantId, new FeedbackConfig(current.name(), current.type(), labels, min, max,
                current.allowedReasons(), description, null, null));
    }

    static ObjectNode json(FeedbackConfig c, String tenantId) {
        var o = Json.object();
        o.put("id", c.name());
        o.put("name", c.name());
        o.put("createdAt", FeedbackJson.iso(c.createdAt()));
        o.put("updatedAt", FeedbackJson.iso(c.updatedAt()));
        o.put("projectId", tenantId);
        o.put("dataType", ScoreRequest.DataType.of(c.type()).name());
        o.put("isArchived", false);
        o.put("minValue", c.min());
        o.put("maxValue", c.max());
        if (c.type() == FeedbackConfig.Type.BOOLEAN) {
            var categories = o.putArray("categories");
            categories.addObject().put("label", "True").put("value", 1);
            categories.addObject().put("label", "False").put("value", 0);
        } else if (!c.labels().isEmpty()) {
            var categories = o.putArray("categories");
            for (int i = 0; i < c.labels().size(); i++) {
                categories.addObject().put("label", c.labels().get(i)).put("value", i);
            }
        }
        o.put("description", c.description());
        return o;
    }

    private static List<String> categories(ObjectNode o, FeedbackConfig.Type type, LangfuseError.Issues issues) {
        var node = o.get("categories");
        if (node == null || node.isNull()) {
            if (type == FeedbackConfig.Type.CATEGORICAL) {
                issues.custom("Categorical configs need at least one category", "categories");
            }
            return List.of();
        }
        if (type == FeedbackConfig.Type.BOOLEAN) {
            issues.custom("Categories are autogenerated for boolean configs and cannot be passed", "categories");
            return List.of();
        }
        if (!node.isArray()) {
            issues.type("array", node, "categories");
            return List.of();
        }
        var labels = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            var item = node.get(i);
            var label = item.get("label");
            var value = item.get("value");
            if (label == null || !label.isTextual() || label.textValue().isEmpty()) {
                issues.custom("each category needs a non-empty label", "categories", i, "label");
                continue;
            }
            if (value == null || !value.isNumber() || value.doubleValue() != i) {
                issues.custom("category values are positions in Feedback Hub: category " + i + " (" + label.textValue()
                        + ") must have value " + i + ", got " + value, "categories", i, "value");
                continue;
            }
            labels.add(label.textValue());
        }
        return labels;
    }

    private static String text(ObjectNode o, String field, LangfuseError.Issues issues) {
        return FieldReader.of(o, issues.wording()).string(field);
    }

    private static Double number(ObjectNode o, String field, LangfuseError.Issues issues) {
        return FieldReader.of(o, issues.wording()).number(field);
    }
}
