package io.feedbackhub.dialect.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Target;

import java.util.Set;

/**
 * Seed 000 {@code ChatThreadFeedbackRequest}: all four fields required, {@code sentiment} one of
 * {@code FeedbackSentiment}. Validated the way FastAPI's pydantic v2 model would: every field in declaration
 * order, each error at its own {@code loc}; members the schema does not mention are ignored (it does not say
 * {@code additionalProperties: false}, and pydantic's default is to ignore extras).
 */
record ChatThreadFeedbackRequest(String chatThreadId, String applicationInteractionId, String sentiment, String description) {
    static final Set<String> SENTIMENTS = Set.of("positive", "negative");
    private static final String EXPECTED_SENTIMENT = "'positive' or 'negative'";

    /**
     * Reads the body of {@code PUT .../threads/{threadId}/messages/{interactionId}/feedback}; throws
     * {@link RequestValidationError} listing every problem, or {@link Json.MalformedJson} when it is not JSON.
     */
    static ChatThreadFeedbackRequest read(String body, String threadId, String interactionId) {
        // FastAPI treats an empty body (and a JSON null) as the required body being absent: loc ["body"].
        if (body == null || body.isBlank()) {
            throw new RequestValidationError().missing(NullNode.getInstance(), "body");
        }
        var parsed = Json.parse(body);
        if (parsed.isNull()) {
            throw new RequestValidationError().missing(NullNode.getInstance(), "body");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new RequestValidationError().notAnObject(parsed);
        }

        var errors = new RequestValidationError();
        var chatThreadId = string(object, "chat_thread_id", errors);
        var applicationInteractionId = string(object, "application_interaction_id", errors);
        var sentiment = sentiment(object, errors);
        var description = string(object, "description", errors);
        // The ids are in the path and again in the body (the SDK sends both, seed marks them can_patch: false).
        // Two different targets in one request would make "which entry was judged" ambiguous, so refuse it
        // at the body field, where the client can see which value disagrees.
        if (chatThreadId != null && !chatThreadId.equals(threadId)) {
            errors.valueError(object.get("chat_thread_id"), "chat_thread_id",
                    "chat_thread_id must equal the thread_id in the path ('" + threadId + "')");
        }
        if (applicationInteractionId != null && !applicationInteractionId.equals(interactionId)) {
            errors.valueError(object.get("application_interaction_id"), "application_interaction_id",
                    "application_interaction_id must equal the application_interaction_id in the path ('" + interactionId + "')");
        }
        if (!errors.isEmpty()) {
            throw errors;
        }
        return new ChatThreadFeedbackRequest(chatThreadId, applicationInteractionId, sentiment, description);
    }

    /**
     * The one reaction of this thread entry. No author: Scale keeps one feedback per entry whoever sends it,
     * so every caller writes the same slot (a later PUT updates it, revision + 1). The label-to-score rule of
     * the core gives positive 1 and negative 0. No agent: the seed's path names no application.
     */
    FeedbackDraft toDraft() {
        return new FeedbackDraft(target(chatThreadId, applicationInteractionId), FeedbackDraft.DEFAULT_NAME, sentiment,
                null, description, null, null, null, null, null, null, null, null, null);
    }

    static Target target(String threadId, String interactionId) {
        return Target.ofMessage(null, threadId, interactionId);
    }

    /** pydantic rejects null for a required {@code str} as string_type, not missing. */
    private static String string(ObjectNode object, String field, RequestValidationError errors) {
        var node = object.get(field);
        if (node == null) {
            errors.missing(object, "body", field);
            return null;
        }
        if (!node.isTextual()) {
            errors.stringType(node, field);
            return null;
        }
        return node.textValue();
    }

    /** Any value outside the enum, null and non-strings included, is pydantic's enum error. */
    private static String sentiment(ObjectNode object, RequestValidationError errors) {
        JsonNode node = object.get("sentiment");
        if (node == null) {
            errors.missing(object, "body", "sentiment");
            return null;
        }
        if (!node.isTextual() || !SENTIMENTS.contains(node.textValue())) {
            errors.enumValue(node, "sentiment", EXPECTED_SENTIMENT);
            return null;
        }
        return node.textValue();
    }
}
