package io.feedbackhub.dialect.scale;

import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.Json;

import java.util.List;

/**
 * Seed 000 {@code ChatThreadFeedbackRequest}: all four fields required, {@code sentiment} one of
 * {@code FeedbackSentiment}. Validated the way FastAPI's pydantic v2 model would: every field in declaration
 * order, each error at its own {@code loc}; members the schema does not mention are ignored (it does not say
 * {@code additionalProperties: false}, and pydantic's default is to ignore extras).
 */
record ChatThreadFeedbackRequest(String chatThreadId, String applicationInteractionId, String sentiment, String description) {
    /** Seed 000 {@code FeedbackSentiment}, in its order (pydantic's enum error lists them so). */
    private static final List<String> SENTIMENTS = List.of("positive", "negative");

    /**
     * Reads the body of {@code PUT .../threads/{threadId}/messages/{interactionId}/feedback}; throws
     * {@link RequestValidationError} listing every problem, or {@link Json.MalformedJson} when it is not JSON.
     */
    static ChatThreadFeedbackRequest read(String body, String threadId, String interactionId) {
        var errors = new RequestValidationError();
        var in = PydanticFields.ofBody(body, errors);
        errors.throwIfAny();

        var chatThreadId = in.requiredString("chat_thread_id");
        var applicationInteractionId = in.requiredString("application_interaction_id");
        var sentiment = in.requiredEnum("sentiment", SENTIMENTS);
        var description = in.requiredString("description");
        // The ids are in the path and again in the body (the SDK sends both, seed marks them can_patch: false).
        // Two different targets in one request would make "which entry was judged" ambiguous, so refuse it
        // at the body field, where the client can see which value disagrees.
        if (chatThreadId != null && !chatThreadId.equals(threadId)) {
            errors.valueError(in.object().get("chat_thread_id"),
                    "chat_thread_id must equal the thread_id in the path ('" + threadId + "')", "body", "chat_thread_id");
        }
        if (applicationInteractionId != null && !applicationInteractionId.equals(interactionId)) {
            errors.valueError(in.object().get("application_interaction_id"),
                    "application_interaction_id must equal the application_interaction_id in the path ('" + interactionId + "')",
                    "body", "application_interaction_id");
        }
        errors.throwIfAny();
        return new ChatThreadFeedbackRequest(chatThreadId, applicationInteractionId, sentiment, description);
    }

    /**
     * The one reaction of this thread entry. No author: Scale keeps one feedback per entry whoever sends it,
     * so every caller writes the same slot (a later PUT updates it, revision + 1). The label-to-score rule of
     * the core gives positive 1 and negative 0. No agent: the seed's path names no application. Source
     * {@code user}, as at every seed door (Contextual, VirtuousAI, Devic, Parea): a thread entry's sentiment is the
     * end user's vote relayed by the app, whoever's key carries it; {@code api} is for scores an integration computes.
     */
    FeedbackDraft toDraft() {
        return FeedbackDraft.builder(target(chatThreadId, applicationInteractionId)).label(sentiment).comment(description)
                .source(Source.USER).build();
    }

    static Target target(String threadId, String interactionId) {
        return Target.ofMessage(null, threadId, interactionId);
    }
}
