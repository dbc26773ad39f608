package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.json.FieldReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Langfuse's score body ({@code CreateScoreRequest} of {@code POST /api/public/scores}, and the {@code body} of an
 * ingestion {@code score-create} event): validated as Langfuse's zod schema does, every issue collected, members it
 * does not know ignored (zod strips them).
 *
 * <p>The mapping onto a feedback record is in {@link #toDraft}; docs/integrations.md has it as a table.
 */
record ScoreRequest(String id, String traceId, String observationId, String sessionId, String datasetRunId,
                    String name, JsonNode value, DataType dataType, String comment, ObjectNode metadata,
                    String environment, String configId, Source source) {

    /** Metadata keys this door fills itself, so that Langfuse filters on them work natively. */
    static final String ENVIRONMENT = "environment";
    static final String DATASET_RUN_ID = "datasetRunId";
    static final String DEFAULT_ENVIRONMENT = "default";
    /** Langfuse's rule for environments: lowercase letters, digits, - and _, not starting with "langfuse". */
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final int MAX_TEXT_VALUE = 500;

    enum DataType {
        NUMERIC, BOOLEAN, CATEGORICAL, TEXT, CORRECTION;

        static final List<String> NAMES = List.of("NUMERIC", "BOOLEAN", "CATEGORICAL", "TEXT", "CORRECTION");

        static DataType of(FeedbackConfig.Type type) {
            return switch (type) {
                case NUMERIC -> NUMERIC;
                case BOOLEAN -> BOOLEAN;
                case CATEGORICAL, REACTION -> CATEGORICAL;
                case TEXT -> TEXT;
            };
        }
    }

    /** Reads one score body; every problem is added to {@code issues} (the caller throws them). */
    static ScoreRequest read(JsonNode body, LangfuseError.Issues issues) {
        if (!(body instanceof ObjectNode o)) {
            issues.type("object", body);
            return null;
        }
        var name = string(o, "name", issues);
        if (!o.hasNonNull("name")) {
            issues.required("string", "name");
        } else if (name != null && name.isEmpty()) {
            issues.custom("String must contain at least 1 character(s)", "name");
        }
        var value = o.get("value");
        if (value == null || value.isNull()) {
            issues.required("number | string", "value");
        } else if (!value.isNumber() && !value.isTextual() && !value.isBoolean()) {
            issues.type("number | string", value, "value");
        }
        DataType dataType = null;
        var type = o.get("dataType");
        if (type != null && !type.isNull()) {
            if (type.isTextual() && DataType.NAMES.contains(type.textValue())) {
                dataType = DataType.valueOf(type.textValue());
            } else {
                issues.enumValue(DataType.NAMES, type, "dataType");
            }
        }
        ObjectNode metadata = null;
        var meta = o.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (meta instanceof ObjectNode object) {
                metadata = object;
            } else {
                issues.custom("metadata must be a JSON object: Feedback Hub keeps it as the record's data", "metadata");
            }
        }
        var environment = string(o, "environment", issues);
        if (environment != null && (!ENVIRONMENT_NAME.matcher(environment).matches() || environment.startsWith("langfuse"))) {
            issues.custom("environment must be 1-40 lowercase letters, digits, - or _, not starting with 'langfuse'", "environment");
        }
        Source source = Source.API;
        var sourceNode = o.get("source");
        if (sourceNode != null && !sourceNode.isNull()) {
            source = switch (sourceNode.isTextual() ? sourceNode.textValue() : "") {
                case "API" -> Source.API;
                case "ANNOTATION" -> Source.USER;
                case "EVAL" -> Source.MODEL;
                default -> {
                    issues.enumValue(List.of("API", "ANNOTATION", "EVAL"), sourceNode, "source");
                    yield Source.API;
                }
            };
        }
        var request = new ScoreRequest(string(o, "id", issues), string(o, "traceId", issues), string(o, "observationId", issues),
                string(o, "sessionId", issues), string(o, "datasetRunId", issues), name, value, dataType,
                string(o, "comment", issues), metadata, environment, string(o, "configId", issues), source);
        if (!o.hasNonNull("traceId") && !o.hasNonNull("observationId")) {
            // Langfuse also scores sessions and dataset runs alone; Feedback Hub judges outputs (DESIGN.md §1).
            issues.custom("traceId or observationId is required: Feedback Hub stores scores of traces and observations;"
                    + " session-only and dataset-run-only scores are not supported", "traceId");
        }
        if (request.id() != null && request.id().isEmpty()) {
            issues.custom("String must contain at least 1 character(s)", "id");
        }
        return request;
    }

    /**
     * The feedback record this score is, given the config its {@code configId} (or its name) names, if any.
     * Issues found here (a value that does not fit its data type) go to {@code issues}.
     *
     * <ul>
     * <li>NUMERIC → score; BOOLEAN → score 0/1 and label "true"/"false" (the label is how a read tells a boolean
     * from a number); CATEGORICAL → label; TEXT → comment; CORRECTION → correction.</li>
     * <li>traceId → trace_id, observationId → message_id, sessionId → thread_id; without an observationId the
     * message is the trace's own (message_id = traceId), which is how trace-level scores inherit the trace's
     * context.</li>
     * <li>metadata → data (the JSON object as sent, read back unchanged); its top-level strings, numbers and
     * booleans are also copied into the flat metadata map so that stats can group by them.
     * {@code metadata.userId} (or {@code user_id}) names the end user: the author.</li>
     * <li>environment and datasetRunId → metadata entries of those names; id → client_feedback_id.</li>
     * </ul>
     */
    FeedbackDraft toDraft(FeedbackConfig config, LangfuseError.Issues issues, boolean keyed) {
        var type = dataType;
        if (type == null) {
            type = config != null ? DataType.of(config.type())
                    : value != null && value.isTextual() ? DataType.CATEGORICAL
                    : value != null && value.isBoolean() ? DataType.BOOLEAN : DataType.NUMERIC;
        } else if (config != null && DataType.of(config.type()) != type) {
            issues.custom("dataType " + type + " does not match the " + DataType.of(config.type()) + " score config "
                    + config.name(), "dataType");
        }
        String label = null;
        Double score = null;
        String text = comment;
        String correction = null;
        if (value != null && !value.isNull()) {
            switch (type) {
                case NUMERIC -> {
                    if (value.isNumber()) {
                        score = value.doubleValue();
                    } else {
                        issues.type("number", value, "value");
                    }
                }
                case BOOLEAN -> {
                    if (value.isBoolean()) {
                        score = value.booleanValue() ? 1.0 : 0.0;
                    } else if (value.isNumber() && (value.doubleValue() == 0.0 || value.doubleValue() == 1.0)) {
                        score = value.doubleValue();
                    } else {
                        issues.custom("Value must be a number equal to either 0 or 1 for data type BOOLEAN", "value");
                    }
                    label = score == null ? null : score == 1.0 ? "true" : "false";
                }
                case CATEGORICAL -> {
                    if (value.isTextual()) {
                        label = value.textValue();
                    } else if (value.isNumber() && config != null && !config.labels().isEmpty()) {
                        // With a config, Langfuse accepts a category's numeric value; here it is its position.
                        int index = value.intValue();
                        if (value.doubleValue() == index && index >= 0 && index < config.labels().size()) {
                            label = config.labels().get(index);
                        } else {
                            issues.custom("value " + value + " is not a category value of the score config " + config.name()
                                    + " (0 to " + (config.labels().size() - 1) + ")", "value");
                        }
                    } else {
                        issues.type("string", value, "value");
                    }
                }
                case TEXT -> {
                    if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > MAX_TEXT_VALUE) {
                        issues.custom("Text score values must be strings of 1 to " + MAX_TEXT_VALUE + " characters", "value");
                    } else if (comment != null) {
                        issues.custom("a TEXT score keeps its text in value, which Feedback Hub stores as the comment;"
                                + " send the comment in value alone", "comment");
                    } else {
                        text = value.textValue();
                    }
                }
                case CORRECTION -> {
                    if (value.isTextual()) {
                        correction = value.textValue();
                    } else {
                        issues.type("string", value, "value");
                    }
                }
            }
        }
        if (configId != null && config != null && name != null && !config.name().equals(name)) {
            issues.custom("name must equal the name of the score config it references (" + config.name() + ")", "name");
        }
        // A score on a whole trace names the trace's message (its id is the trace id, see TraceEvents), so that it
        // inherits what the trace recorded, whichever of the two arrives first.
        var messageId = observationId != null ? observationId : traceId;
        return FeedbackDraft.builder(new Target(null, sessionId, messageId, null, traceId, null)).name(name).label(label)
                .score(score).comment(text).correction(correction)
                .data(metadata == null || metadata.isEmpty() ? null : metadata.toString()).authorId(author()).source(source)
                .clientFeedbackId(keyed ? id : null).metadata(flatMetadata()).build();
    }

    /** The end user who gave the score, when the caller says so in its metadata. */
    private String author() {
        if (metadata == null) {
            return null;
        }
        for (var key : List.of("userId", "user_id")) {
            var node = metadata.get(key);
            if (node != null && node.isTextual() && !node.textValue().isEmpty()) {
                return node.textValue();
            }
        }
        return null;
    }

    /**
     * Scalar metadata entries usable as stats dimensions; others stay in data only. The door's own entries
     * (environment, datasetRunId) come last so that they win.
     */
    private Map<String, String> flatMetadata() {
        var flat = new LinkedHashMap<String, String>();
        int room = FeedbackRules.MAX_METADATA_ENTRIES - 2;
        if (metadata != null) {
            for (var entry : metadata.properties()) {
                var v = entry.getValue();
                if (flat.size() >= room || !FeedbackRules.METADATA_KEY.matcher(entry.getKey()).matches()
                        || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
                    continue;
                }
                var text = v.asText();
                if (text.length() <= FeedbackRules.MAX_METADATA_VALUE_LENGTH) {
                    flat.put(entry.getKey(), text);
                }
            }
        }
        if (environment != null) {
            flat.put(ENVIRONMENT, environment);
        }
        if (datasetRunId != null) {
            flat.put(DATASET_RUN_ID, datasetRunId);
        }
        return flat;
    }

    private static String string(ObjectNode o, String field, LangfuseError.Issues issues) {
        return FieldReader.of(o, issues.wording()).string(field);
    }
}
