package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackPatch;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * LangSmith's feedback ({@code FeedbackCreateSchema}, {@code FeedbackUpdateSchema}, {@code FeedbackSchema}) and a
 * feedback record, both ways. Where LangSmith's field holds more than the record's column can (a value that is
 * not a string, a correction object, the source's metadata), the JSON goes into the record's {@code data} under
 * the LangSmith field's name and reads back from there unchanged:
 *
 * <pre>
 * key → name          run_id → message_id     trace_id → trace_id     session_id → agent_id
 * score → score (a boolean as 1/0)            value (string) → label, any other value → data.value
 * comment → comment   correction (string) → correction; (object) → correction as JSON text and data.correction
 * feedback_source.type: api → api, model → model, app → user;  feedback_source.metadata → data.feedback_source_metadata
 * feedback_source.metadata.user_id → author_id    id → client_feedback_id
 * </pre>
 */
final class LangSmithFeedback {
    static final String DATA_VALUE = "value";
    static final String DATA_CORRECTION = "correction";
    static final String DATA_SOURCE_METADATA = "feedback_source_metadata";
    static final int MAX_KEY_LENGTH = 180;

    private LangSmithFeedback() {
    }

    /** The id LangSmith clients know a record by: the UUID they gave it, else the record's own id. */
    static String langSmithId(Feedback f) {
        return Ids.isUuid(f.clientFeedbackId()) ? f.clientFeedbackId() : f.id();
    }

    /** POST /feedback: the record this create asks for; every field error collected (FastAPI's 422). */
    static FeedbackDraft readCreate(JsonNode body) {
        var errors = new ArrayList<FieldError>();
        if (!(body instanceof ObjectNode o)) {
            throw new InvalidInput(new FieldError("", "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type"));
        }
        var id = uuid(o, "id", errors);
        var key = string(o, "key", errors);
        if (!o.hasNonNull("key")) {
            errors.add(FieldError.missing("key"));
        } else if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
            errors.add(FieldError.of("key", "String should have 1 to " + MAX_KEY_LENGTH + " characters"));
        }
        var runId = uuid(o, "run_id", errors);
        var traceId = uuid(o, "trace_id", errors);
        var sessionId = uuid(o, "session_id", errors);
        if (runId == null && traceId == null && errors.stream().noneMatch(e -> e.field().equals("run_id"))) {
            errors.add(new FieldError("run_id", "Feedback Hub records feedback on runs: run_id (or trace_id) is required;"
                    + " project-level feedback is not supported", "missing"));
        }
        var score = score(o.get("score"), "score", errors);
        var value = o.get("value");
        var comment = string(o, "comment", errors);
        var correction = o.get("correction");
        if (correction != null && !correction.isNull() && !correction.isTextual() && !correction.isObject()) {
            errors.add(new FieldError("correction", "Input should be a valid dictionary or string", "dict_type"));
        }
        var source = o.get("feedback_source");
        ObjectNode sourceMetadata = null;
        Source kind = Source.API;
        if (source != null && !source.isNull()) {
            if (!source.isObject()) {
                errors.add(new FieldError("feedback_source", "Input should be a valid dictionary", "dict_type"));
            } else {
                kind = sourceType(source.get("type"));
                var metadata = source.get("metadata");
                if (metadata != null && !metadata.isNull()) {
                    if (metadata instanceof ObjectNode m) {
                        sourceMetadata = m;
                    } else {
                        errors.add(new FieldError("feedback_source.metadata", "Input should be a valid dictionary", "dict_type"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return draft(runId, traceId, sessionId, key, score, value, comment, correction, sourceMetadata, kind, id);
    }

    /** What a presigned token records: its run and key, the holder's values, source "app" (an end user). */
    /**
     * A token holder's feedback, as an author of the token's own ({@link #holderAuthor}), so that a holder writes
     * into no slot but the token's: never the backend's feedback on the same run and key, nor another token's.
     */
    static FeedbackDraft fromToken(PresignedFeedbackTokens.Token token, Double score, JsonNode value, String comment,
                                   JsonNode correction, ObjectNode metadata) {
        var d = draft(token.runId(), null, null, token.feedbackKey(), score, value, comment, correction, metadata,
                Source.USER, null);
        return byAuthor(d, holderAuthor(token, d.authorId()));
    }

    /**
     * The token's holder id ({@link PresignedFeedbackTokens.Token#holderId}), and after it the {@code user_id} the
     * holder names in its metadata, if any: several people sharing one link each keep a judgment, inside the token's.
     */
    static String holderAuthor(PresignedFeedbackTokens.Token token, String userId) {
        return userId == null ? token.holderId() : token.holderId() + ":" + userId;
    }

    /** The same feedback given by {@code authorId}. */
    static FeedbackDraft byAuthor(FeedbackDraft d, String authorId) {
        return d.toBuilder().authorId(authorId).build();
    }

    private static FeedbackDraft draft(String runId, String traceId, String sessionId, String key, Double score,
                                       JsonNode value, String comment, JsonNode correction, ObjectNode sourceMetadata,
                                       Source source, String id) {
        var data = Json.object();
        String label = null;
        if (value != null && !value.isNull()) {
            if (value.isTextual()) {
                label = value.textValue();
            } else {
                data.set(DATA_VALUE, value);
            }
        }
        String correctionText = null;
        if (correction != null && !correction.isNull()) {
            if (correction.isTextual()) {
                correctionText = correction.textValue();
            } else {
                correctionText = correction.toString();
                data.set(DATA_CORRECTION, correction);
            }
        }
        if (sourceMetadata != null && !sourceMetadata.isEmpty()) {
            data.set(DATA_SOURCE_METADATA, sourceMetadata);
        }
        return FeedbackDraft.builder(new Target(sessionId, null, runId, null, traceId, null)).name(key).label(label)
                .score(score).comment(comment).correction(correctionText).data(data.isEmpty() ? null : data.toString())
                .authorId(author(sourceMetadata)).source(source).clientFeedbackId(id).build();
    }

    /**
     * PATCH /feedback/{id}: only the fields sent change, null clears. The value's label and data move together,
     * and a new label keeps the current score (in LangSmith score and value are independent; the core would
     * otherwise derive the score from a reaction label).
     */
    static FeedbackPatch readPatch(JsonNode body, Feedback current) {
        if (!(body instanceof ObjectNode o)) {
            throw new InvalidInput(new FieldError("", "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type"));
        }
        var errors = new ArrayList<FieldError>();
        var patch = FeedbackPatch.nothing();
        var data = current.data() == null ? Json.object() : (ObjectNode) Json.parse(current.data());
        boolean dataChanged = false;
        Change<String> label = Change.keep();
        Change<String> correction = Change.keep();
        Change<String> comment = Change.keep();
        if (o.has("score")) {
            patch = patch.withScore(Change.set(score(o.get("score"), "score", errors)));
        }
        if (o.has("value")) {
            var value = o.get("value");
            dataChanged |= data.remove(DATA_VALUE) != null;
            if (value.isTextual()) {
                label = Change.set(value.textValue());
            } else {
                label = Change.set(null);
                if (!value.isNull()) {
                    data.set(DATA_VALUE, value);
                    dataChanged = true;
                }
            }
            if (!o.has("score")) {
                patch = patch.withScore(Change.set(current.score()));
            }
        }
        if (o.has("comment")) {
            var node = o.get("comment");
            if (node.isNull() || node.isTextual()) {
                comment = Change.set(node.isNull() ? null : node.textValue());
            } else {
                errors.add(new FieldError("comment", "Input should be a valid string", "string_type"));
            }
        }
        if (o.has("correction")) {
            var node = o.get("correction");
            dataChanged |= data.remove(DATA_CORRECTION) != null;
            if (node.isNull()) {
                correction = Change.set(null);
            } else if (node.isTextual()) {
                correction = Change.set(node.textValue());
            } else if (node.isObject()) {
                correction = Change.set(node.toString());
                data.set(DATA_CORRECTION, node);
                dataChanged = true;
            } else {
                errors.add(new FieldError("correction", "Input should be a valid dictionary or string", "dict_type"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new FeedbackPatch(label, patch.score(), comment, Change.keep(), correction,
                dataChanged ? Change.set(data.isEmpty() ? null : data.toString()) : Change.keep(),
                Change.keep(), Change.keep(), Change.keep());
    }

    /** {@code FeedbackSchema}, under the id the caller used ({@code id}) or the record's LangSmith id. */
    static ObjectNode json(Feedback f, String id) {
        var o = Json.object();
        var data = f.data() == null ? Json.object() : Json.parse(f.data());
        var t = f.target();
        o.put("id", id != null ? id : langSmithId(f));
        o.put("created_at", FeedbackJson.iso(f.createdAt()));
        o.put("modified_at", FeedbackJson.iso(f.updatedAt()));
        o.put("session_id", Ids.isUuid(t.agentId()) ? t.agentId() : null);
        o.put("run_id", t.messageId());
        o.put("trace_id", t.traceId());
        o.put("key", f.name());
        if (f.score() == null) {
            o.putNull("score");
        } else {
            o.put("score", f.score());
        }
        if (f.label() != null) {
            o.put("value", f.label());
        } else {
            o.set("value", data.has(DATA_VALUE) ? data.get(DATA_VALUE) : null);
        }
        o.put("comment", f.comment());
        if (data.has(DATA_CORRECTION)) {
            o.set("correction", data.get(DATA_CORRECTION));
        } else {
            o.put("correction", f.correction());
        }
        o.putNull("feedback_group_id");
        o.putNull("comparative_experiment_id");
        var source = o.putObject("feedback_source");
        source.put("type", switch (f.source()) {
            case API -> "api";
            case MODEL -> "model";
            case USER, REVIEWER -> "app"; // LangSmith's annotation queues record their labels as app feedback
        });
        source.set("metadata", data.has(DATA_SOURCE_METADATA) ? data.get(DATA_SOURCE_METADATA) : Json.object());
        source.put("user_id", f.authorId());
        source.putNull("user_name");
        o.putNull("extra");
        return o;
    }

    static Source sourceType(JsonNode type) {
        if (type == null || !type.isTextual()) {
            return Source.API;
        }
        return switch (type.textValue()) {
            case "model", "auto_eval" -> Source.MODEL;
            case "app", "user" -> Source.USER;
            default -> Source.API;
        };
    }

    /** LangSmith scores are numbers or booleans (true = 1). */
    static Double score(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? 1.0 : 0.0;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            errors.add(new FieldError(field, "Input should be a valid number", "float_type"));
            return null;
        }
        return node.doubleValue();
    }

    private static String author(ObjectNode sourceMetadata) {
        if (sourceMetadata == null) {
            return null;
        }
        for (var field : List.of("user_id", "userId")) {
            var node = sourceMetadata.get(field);
            if (node != null && node.isTextual() && !node.textValue().isEmpty()) {
                return node.textValue();
            }
        }
        return null;
    }

    private static String string(ObjectNode o, String field, List<FieldError> errors) {
        return FieldReader.of(o, RequestValidationError.wording(errors)).string(field);
    }

    /** A UUID in any of the spellings pydantic accepts for {@code UUID} (hex with dashes), lower-cased. */
    static String uuid(ObjectNode o, String field, List<FieldError> errors) {
        var node = o.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !Ids.isUuid(node.textValue())) {
            errors.add(new FieldError(field, "Input should be a valid UUID, got " + node, "uuid_parsing"));
            return null;
        }
        return node.textValue().toLowerCase(java.util.Locale.ROOT);
    }
}
