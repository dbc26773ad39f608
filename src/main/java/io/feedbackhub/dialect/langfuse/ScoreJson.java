package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.Source;
import io.feedbackhub.dialect.langfuse.ScoreRequest.DataType;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;

import java.util.Map;
import java.util.Set;

/**
 * A feedback record read back as a Langfuse score: {@code commons.Score} of the v2 API (value plus stringValue by
 * data type) and {@code ScoreV3} of the v3 API (one polymorphic value). Any record reads back, whichever door wrote
 * it; its data type is told from its values (see {@link #dataType}).
 */
final class ScoreJson {
    private ScoreJson() {
    }

    /** The id Langfuse clients know a record by: the id they chose (client_feedback_id), else the record's own. */
    static String langfuseId(Feedback f) {
        return f.clientFeedbackId() != null ? f.clientFeedbackId() : f.id();
    }

    /**
     * BOOLEAN when the label is "true"/"false" with the matching score (as this door writes booleans, and as the
     * core reads such labels); CATEGORICAL for any other label; NUMERIC for a score alone; CORRECTION and TEXT for
     * records that carry only a correction or a comment.
     */
    static DataType dataType(Feedback f) {
        return ScoreFilter.dataTypeOf(f);
    }

    static String source(Source source) {
        return switch (source) {
            case API -> "API";
            case USER, REVIEWER -> "ANNOTATION"; // Langfuse names human annotation-queue labels ANNOTATION
            case MODEL -> "EVAL";
        };
    }

    static String environment(Feedback f) {
        return f.metadata().getOrDefault(ScoreRequest.ENVIRONMENT, ScoreRequest.DEFAULT_ENVIRONMENT);
    }

    /** The v2 (and v1) shape; {@code withTrace} adds the {@code trace} group of list answers. */
    static ObjectNode v2(Feedback f, String tenantId, Map<String, FeedbackConfig> configs, boolean withTrace) {
        var o = Json.object();
        var t = f.target();
        var type = dataType(f);
        var config = configs.get(f.name());
        o.put("id", langfuseId(f));
        o.put("projectId", tenantId);
        o.put("traceId", t.traceId());
        o.put("sessionId", t.threadId());
        o.put("observationId", observationId(t));
        o.put("datasetRunId", f.metadata().get(ScoreRequest.DATASET_RUN_ID));
        o.put("name", f.name());
        switch (type) {
            case NUMERIC -> o.put("value", f.score());
            case BOOLEAN -> {
                double v = "true".equals(f.label()) ? 1.0 : 0.0;
                o.put("value", v);
                o.put("stringValue", v == 1.0 ? "True" : "False");
            }
            case CATEGORICAL -> {
                o.put("value", categoryValue(f, config));
                o.put("stringValue", f.label());
            }
            case CORRECTION -> {
                o.put("value", 0.0);
                o.put("stringValue", f.correction());
            }
            case TEXT -> o.put("stringValue", f.comment());
        }
        o.put("source", source(f.source()));
        o.put("timestamp", FeedbackJson.iso(f.createdAt()));
        o.put("createdAt", FeedbackJson.iso(f.createdAt()));
        o.put("updatedAt", FeedbackJson.iso(f.updatedAt()));
        o.put("authorUserId", f.authorId());
        o.put("comment", f.comment());
        o.set("metadata", metadata(f));
        o.put("configId", config == null ? null : config.name());
        o.putNull("queueId");
        o.put("environment", environment(f));
        o.put("dataType", type.name());
        if (withTrace) {
            var trace = o.putObject("trace");
            trace.put("userId", f.authorId());
            trace.putArray("tags");
            trace.put("environment", environment(f));
            trace.put("sessionId", t.threadId());
        }
        return o;
    }

    /** The v3 shape: core fields always, {@code details}, {@code subject} and {@code annotation} on request. */
    static ObjectNode v3(Feedback f, String tenantId, Map<String, FeedbackConfig> configs, Set<String> groups) {
        var o = Json.object();
        var t = f.target();
        var type = dataType(f);
        var config = configs.get(f.name());
        o.put("id", langfuseId(f));
        o.put("projectId", tenantId);
        o.put("name", f.name());
        switch (type) {
            case NUMERIC -> o.put("value", f.score());
            case BOOLEAN -> o.put("value", "true".equals(f.label()));
            case CATEGORICAL -> o.put("value", f.label());
            case CORRECTION -> o.put("value", f.correction());
            case TEXT -> o.put("value", f.comment());
        }
        o.put("dataType", type.name());
        o.put("source", source(f.source()));
        o.put("timestamp", FeedbackJson.iso(f.createdAt()));
        o.put("environment", environment(f));
        o.put("createdAt", FeedbackJson.iso(f.createdAt()));
        o.put("updatedAt", FeedbackJson.iso(f.updatedAt()));
        if (groups.contains("details")) {
            o.put("comment", f.comment());
            o.put("configId", config == null ? null : config.name());
            o.set("metadata", metadata(f));
        }
        if (groups.contains("subject")) {
            var subject = o.putObject("subject");
            if (observationId(t) != null) {
                subject.put("kind", "observation").put("id", t.messageId());
                if (t.traceId() != null) {
                    subject.put("traceId", t.traceId());
                }
            } else {
                subject.put("kind", "trace").put("id", t.traceId());
            }
        }
        if (groups.contains("annotation")) {
            o.put("authorUserId", f.authorId());
            o.putNull("queueId");
        }
        return o;
    }

    /** The metadata object as the score was given it (kept as data), else the flat metadata map. */
    static JsonNode metadata(Feedback f) {
        if (f.data() != null) {
            return Json.parse(f.data());
        }
        var flat = Json.object();
        new java.util.TreeMap<>(f.metadata()).forEach(flat::put);
        return flat;
    }

    /**
     * A category's numeric value: its position in the config's categories when a config lists it (the door keeps
     * category values positional), else the score the core derived from the label (1/0 for reaction words), else 0.
     */
    static double categoryValue(Feedback f, FeedbackConfig config) {
        if (config != null && config.labels().contains(f.label())) {
            return config.labels().indexOf(f.label());
        }
        return f.score() == null ? 0.0 : f.score();
    }

    /** A trace-level score names the trace's own message (message_id = traceId): Langfuse reads it as no observation. */
    static String observationId(io.feedbackhub.core.Target t) {
        return t.messageId() != null && t.messageId().equals(t.traceId()) ? null : t.messageId();
    }
}
