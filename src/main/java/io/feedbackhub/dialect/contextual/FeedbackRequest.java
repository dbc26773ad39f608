package io.feedbackhub.dialect.contextual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.api.Json;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Slot;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;

import java.util.List;
import java.util.Locale;

/**
 * {@code POST /agents/{agent_id}/feedback} as seed 001 declares it: the path's {@code agent_id} and the body
 * {@code FeedbackRequestV0_1} ({@code additionalProperties: false}), validated the way the vendor's FastAPI service
 * does, with every problem reported at once. Ids are kept in canonical UUID form.
 */
record FeedbackRequest(String agentId, String messageId, FeedbackStatus feedback, String explanation, String contentId,
                       String queryCategory) {

    /** Seed 001 {@code FeedbackStatus}; {@code removed} undoes the earlier feedback instead of being one. */
    enum FeedbackStatus {
        THUMBS_UP, THUMBS_DOWN, FLAGGED, REMOVED;

        /** pydantic's enum error names the members this way. */
        static final String EXPECTED = "'thumbs_up', 'thumbs_down', 'flagged' or 'removed'";

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static FeedbackStatus of(JsonNode node) {
            if (node != null && node.isTextual()) {
                for (var status : values()) {
                    if (status.wire().equals(node.textValue())) {
                        return status;
                    }
                }
            }
            return null;
        }
    }

    /** The body's fields in the order the seed declares them, which is the order pydantic reports errors in. */
    private static final List<String> FIELDS = List.of("message_id", "feedback", "explanation", "content_id", "query_category");

    /**
     * A body that is not JSON at all fails first ({@link Json.MalformedJson}), as in FastAPI, where decoding the
     * body comes before validating anything; then path and body errors are reported together.
     */
    static FeedbackRequest read(String agentIdParam, String body) {
        JsonNode json = body == null || body.isBlank() ? NullNode.getInstance() : Json.parse(body);
        var errors = new RequestValidationError();
        var agentId = PydanticUuid.parse(agentIdParam);
        if (!agentId.valid()) {
            errors.uuidParsing(TextNode.valueOf(agentIdParam), agentId.error(), "path", "agent_id");
        }
        if (json.isNull()) {
            // FastAPI treats an empty body and a JSON null alike: the required body is missing.
            errors.missing(null, "body");
            throw errors;
        }
        if (!json.isObject()) {
            errors.notAnObject(json);
            throw errors;
        }
        var messageId = uuid(json, "message_id", true, errors);
        var feedback = FeedbackStatus.of(json.get("feedback"));
        if (!json.has("feedback")) {
            errors.missing(json, "body", "feedback");
        } else if (feedback == null) {
            errors.enumValue(json.get("feedback"), FeedbackStatus.EXPECTED, "body", "feedback");
        }
        var explanation = optionalString(json, "explanation", errors);
        var contentId = uuid(json, "content_id", false, errors);
        var queryCategory = optionalString(json, "query_category", errors);
        json.properties().forEach(field -> {
            if (!FIELDS.contains(field.getKey())) {
                errors.extraForbidden(field.getValue(), "body", field.getKey());
            }
        });
        if (!errors.isEmpty()) {
            throw errors;
        }
        return new FeedbackRequest(agentId.canonical(), messageId, feedback, explanation, contentId, queryCategory);
    }

    /**
     * The seed lists the optional fields as plain {@code string}, yet says content_id may be "set to null"; its
     * document evidently drops pydantic's {@code anyOf [..., null]}. So null means "not given" for every optional
     * field, which accepts whatever the vendor's clients send.
     */
    private static String optionalString(JsonNode json, String field, RequestValidationError errors) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.stringType(node, "body", field);
            return null;
        }
        return node.textValue();
    }

    private static String uuid(JsonNode json, String field, boolean required, RequestValidationError errors) {
        var node = json.get(field);
        if (node == null) {
            if (required) {
                errors.missing(json, "body", field);
            }
            return null;
        }
        if (node.isNull() && !required) {
            return null;
        }
        if (!node.isTextual()) {
            errors.uuidType(node, "body", field);
            return null;
        }
        var parsed = PydanticUuid.parse(node.textValue());
        if (!parsed.valid()) {
            errors.uuidParsing(node, parsed.error(), "body", field);
        }
        return parsed.canonical();
    }

    boolean removes() {
        return feedback == FeedbackStatus.REMOVED;
    }

    /**
     * One feedback per message of the agent, and one per retrieved content of that message: Contextual has no
     * per-user feedback (no author field), so the slot's author stays empty.
     */
    Target target() {
        return new Target(agentId, null, messageId, null, null, contentId);
    }

    Slot slot() {
        return Slot.of(target(), FeedbackDraft.DEFAULT_NAME, null);
    }

    /**
     * thumbs_up/thumbs_down/flagged are kept as the label (the core scores up 1, down 0, flagged none);
     * explanation is the comment. A thumb in Contextual's UI is an end user's judgment, hence source "user".
     */
    FeedbackDraft draft() {
        return new FeedbackDraft(target(), FeedbackDraft.DEFAULT_NAME, feedback.wire(), null, explanation, null, null,
                null, queryCategory, null, null, Source.USER, null, null);
    }
}
