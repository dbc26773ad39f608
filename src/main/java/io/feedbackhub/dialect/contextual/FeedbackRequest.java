package io.feedbackhub.dialect.contextual;

import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Slot;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.Json;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

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

        /** The members as the wire spells them, in the seed's order (pydantic's enum error lists them so). */
        static final List<String> WIRE = Stream.of(values()).map(FeedbackStatus::wire).toList();

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static FeedbackStatus of(String wire) {
            return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** The body's fields in the order the seed declares them, which is the order pydantic reports errors in. */
    private static final List<String> FIELDS = List.of("message_id", "feedback", "explanation", "content_id", "query_category");

    /**
     * The path and the body are validated together and every problem is reported at once, path first. A body
     * that is not JSON at all fails first ({@link Json.MalformedJson}), as in FastAPI, where decoding the body
     * comes before validating anything.
     *
     * <p>The seed lists the optional fields as plain {@code string}, yet says content_id may be "set to null"; its
     * document evidently drops pydantic's {@code anyOf [..., null]}. So null means "not given" for every optional
     * field, which accepts whatever the vendor's clients send.
     */
    static FeedbackRequest read(String agentIdParam, String body) {
        var errors = new RequestValidationError();
        var agentId = PydanticFields.pathUuid("agent_id", agentIdParam, errors);
        var in = PydanticFields.ofBody(body, errors);
        if (in == null) {
            throw errors;
        }
        var messageId = in.requiredUuid("message_id");
        var feedback = FeedbackStatus.of(in.requiredEnum("feedback", FeedbackStatus.WIRE));
        var explanation = in.nullableString("explanation");
        var contentId = in.nullableUuid("content_id");
        var queryCategory = in.nullableString("query_category");
        // FeedbackRequestV0_1 says additionalProperties: false.
        in.forbidExtras(FIELDS);
        errors.throwIfAny();
        return new FeedbackRequest(agentId, messageId, feedback, explanation, contentId, queryCategory);
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
        return FeedbackDraft.builder(target()).label(feedback.wire()).comment(explanation).queryCategory(queryCategory)
                .source(Source.USER).build();
    }
}
