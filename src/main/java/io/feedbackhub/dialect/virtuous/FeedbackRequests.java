package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackPatch;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.Json;

import java.util.List;

/**
 * Reads the seed's two request bodies (Create Feedback, Patch Feedback Item) the way FastAPI/pydantic v2
 * would, collecting every error. Fields the seed does not list are ignored, as a
 * pydantic model does by default (extra="ignore"); this includes {@code tenantId} and {@code userId}, which
 * come from the credentials only.
 */
final class FeedbackRequests {
    static final String DEFAULT_SOURCE_SURFACE = "chat_message";
    /** The seed's reaction enum, in its order (pydantic's enum error lists them so). */
    static final List<String> REACTIONS = List.of("thumbs_up", "thumbs_down");

    private FeedbackRequests() {
    }

    /** What PATCH asks: the {@code kind} it names (checked against the item's) and the change of values. */
    record PatchRequest(String kind, FeedbackPatch patch) {
    }

    /**
     * A JSON body, or null after an error when there is none; malformed JSON is thrown as {@link Json.MalformedJson}.
     * Unlike {@link PydanticFields#ofBody} (and FastAPI), a JSON {@code null} body reads as not an object
     * ({@code model_attributes_type}) rather than as the missing body; kept as this door has always answered it.
     */
    static PydanticFields body(String text, RequestValidationError errors) {
        if (text == null || text.isBlank()) {
            errors.missing(null, "body");
            return null;
        }
        var body = Json.parse(text);
        if (!(body instanceof ObjectNode object)) {
            errors.notAnObject(body);
            return null;
        }
        return new PydanticFields(object, errors);
    }

    /**
     * Create Feedback. {@code kind} is the native feedback name, so one user's second reaction to the same
     * message (same kind) lands in the same slot and updates it; {@code userId} is the caller's key id.
     */
    static FeedbackDraft readCreate(PydanticFields in, String userId, RequestValidationError errors) {
        if (in == null) {
            return null;
        }
        // pydantic reports fields in model order; the seed lists them alphabetically.
        var clientFeedbackId = in.requiredUuid("clientFeedbackId");
        var comment = in.nullableString("comment");
        var kind = in.requiredString("kind");
        var messageId = in.requiredUuid("messageId");
        var reaction = in.requiredEnum("reaction", REACTIONS);
        var reasons = in.nullableStrings("reasons");
        var sourceSurface = in.stringOrDefault("sourceSurface", DEFAULT_SOURCE_SURFACE);
        var threadId = in.requiredUuid("threadId");
        var turnId = in.nullableUuid("turnId");
        if (!errors.isEmpty()) {
            return null;
        }
        var target = new Target(null, threadId, messageId, turnId, null, null);
        // A reaction in a chat is an end user's judgment; the seed takes the user from the credentials.
        return FeedbackDraft.builder(target).name(kind).label(reaction).comment(comment).reasons(reasons)
                .sourceSurface(sourceSurface).authorId(userId).source(Source.USER).clientFeedbackId(clientFeedbackId).build();
    }

    /**
     * Patch Feedback Item. {@code comment} and {@code reasons}: absent keeps, null clears (both are nullable
     * in the item). {@code reaction}: absent or null keeps, because an item always has a reaction (the seed's
     * item shows one and lists no other state), so null cannot mean "remove it"; DELETE does that.
     */
    static PatchRequest readPatch(PydanticFields in, RequestValidationError errors) {
        if (in == null) {
            return null;
        }
        Change<String> comment = in.has("comment") ? Change.set(in.nullableString("comment")) : Change.keep();
        var kind = in.requiredString("kind");
        var reaction = in.nullableEnum("reaction", REACTIONS);
        Change<List<String>> reasons = in.has("reasons") ? Change.set(in.nullableStrings("reasons")) : Change.keep();
        if (!errors.isEmpty()) {
            return null;
        }
        Change<String> label = reaction == null ? Change.keep() : Change.set(reaction);
        return new PatchRequest(kind, new FeedbackPatch(label, Change.keep(), comment, reasons, Change.keep(),
                Change.keep(), Change.keep(), Change.keep(), Change.keep()));
    }
}
