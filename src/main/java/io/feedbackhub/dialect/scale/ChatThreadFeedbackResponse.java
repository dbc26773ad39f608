package io.feedbackhub.dialect.scale;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;

/**
 * Seed 000 {@code ChatThreadFeedbackResponse} (the SDK's {@code ChatThreadFeedback}): the stored record read
 * back in Scale's words, members in the seed's order.
 */
record ChatThreadFeedbackResponse(String id, String chatThreadId, String applicationInteractionId, String sentiment,
                                  String description, String createdAt) {

    static ChatThreadFeedbackResponse of(Feedback f) {
        // created_at stays the first write's time across updates: the entity is the same one (seed: "The date
        // and time when the entity was created in ISO format"); ISO 8601 UTC with millis, e.g. 2024-01-15T10:30:00.123Z.
        return new ChatThreadFeedbackResponse(f.id(), f.target().threadId(), f.target().messageId(), f.label(),
                f.comment(), FeedbackJson.iso(f.createdAt()));
    }

    ObjectNode toJson() {
        return Json.object()
                .put("id", id)
                .put("chat_thread_id", chatThreadId)
                .put("application_interaction_id", applicationInteractionId)
                .put("sentiment", sentiment)
                .put("description", description)
                .put("created_at", createdAt);
    }
}
