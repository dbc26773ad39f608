package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackPatch;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the seed's two request bodies (Create Feedback, Patch Feedback Item) and its uuid path parameters the
 * way FastAPI/pydantic v2 would, collecting every error. Fields the seed does not list are ignored, as a
 * pydantic model does by default (extra="ignore"); this includes {@code tenantId} and {@code userId}, which
 * come from the credentials only.
 */
final class FeedbackRequests {
    static final String DEFAULT_SOURCE_SURFACE = "chat_message";
    private static final Set<String> REACTIONS = Set.of("thumbs_up", "thumbs_down");

    private FeedbackRequests() {
    }

    /** What PATCH asks: the {@code kind} it names (checked against the item's) and the change of values. */
    record PatchRequest(String kind, FeedbackPatch patch) {
    }

    /** A uuid path parameter in canonical form, or an error at {@code ["path", name]}. */
    static String pathUuid(String name, String value, RequestValidationError errors) {
        var uuid = PydanticUuid.parse(value);
        if (!uuid.valid()) {
            errors.uuidParsing(value, uuid.error(), "path", name);
        }
        return uuid.canonical();
    }

    /** A JSON body, or an error when there is none; malformed JSON is thrown as {@link Json.MalformedJson}. */
    static JsonNode body(String text, RequestValidationError errors) {
        if (text == null || text.isBlank()) {
            errors.missing(null, "body");
            return null;
        }
        var body = Json.parse(text);
        if (!body.isObject()) {
            errors.notAnObject(body);
            return null;
        }
        return body;
    }

    /**
     * Create Feedback. {@code kind} is the native feedback name, so one user's second reaction to the same
     * message (same kind) lands in the same slot and updates it; {@code userId} is the caller's key id.
     */
    static FeedbackDraft readCreate(JsonNode body, String userId, RequestValidationError errors) {
        if (body == null) {
            return null;
        }
        var in = new Fields((ObjectNode) body, errors);
        // pydantic reports fields in model order; the seed lists them alphabetically.
        var clientFeedbackId = in.requiredUuid("clientFeedbackId");
        var comment = in.nullableString("comment");
        var kind = in.requiredString("kind");
        var messageId = in.requiredUuid("messageId");
        var reaction = in.requiredReaction("reaction");
        var reasons = in.nullableStrings("reasons");
        var sourceSurface = in.stringOrDefault("sourceSurface", DEFAULT_SOURCE_SURFACE);
        var threadId = in.requiredUuid("threadId");
        var turnId = in.nullableUuid("turnId");
        if (!errors.isEmpty()) {
            return null;
        }
        var target = new Target(null, threadId, messageId, turnId, null, null);
        // A reaction in a chat is an end user's judgment; the seed takes the user from the credentials.
        return new FeedbackDraft(target, kind, reaction, null, comment, reasons, null, null, null, sourceSurface,
                userId, Source.USER, clientFeedbackId, null);
    }

    /**
     * Patch Feedback Item. {@code comment} and {@code reasons}: absent keeps, null clears (both are nullable
     * in the item). {@code reaction}: absent or null keeps, because an item always has a reaction (the seed's
     * item shows one and lists no other state), so null cannot mean "remove it"; DELETE does that.
     */
    static PatchRequest readPatch(JsonNode body, RequestValidationError errors) {
        if (body == null) {
            return null;
        }
        var in = new Fields((ObjectNode) body, errors);
        Change<String> comment = in.has("comment") ? Change.set(in.nullableString("comment")) : Change.keep();
        var kind = in.requiredString("kind");
        var reaction = in.nullableReaction("reaction");
        Change<List<String>> reasons = in.has("reasons") ? Change.set(in.nullableStrings("reasons")) : Change.keep();
        if (!errors.isEmpty()) {
            return null;
        }
        Change<String> label = reaction == null ? Change.keep() : Change.set(reaction);
        return new PatchRequest(kind, new FeedbackPatch(label, Change.keep(), comment, reasons, Change.keep(),
                Change.keep(), Change.keep(), Change.keep(), Change.keep()));
    }

    /** Typed reading of one body object; every problem goes to {@code errors} with loc {@code ["body", field]}. */
    private record Fields(ObjectNode object, RequestValidationError errors) {
        boolean has(String field) {
            return object.has(field);
        }

        String requiredUuid(String field) {
            var node = object.get(field);
            if (node == null) {
                errors.missing(object, "body", field);
                return null;
            }
            return uuid(node, field);
        }

        String nullableUuid(String field) {
            var node = object.get(field);
            return node == null || node.isNull() ? null : uuid(node, field);
        }

        private String uuid(JsonNode node, String field) {
            if (!node.isTextual()) {
                errors.uuidType(node, "body", field);
                return null;
            }
            var uuid = PydanticUuid.parse(node.textValue());
            if (!uuid.valid()) {
                errors.uuidParsing(node.textValue(), uuid.error(), "body", field);
            }
            return uuid.canonical();
        }

        String requiredString(String field) {
            var node = object.get(field);
            if (node == null) {
                errors.missing(object, "body", field);
                return null;
            }
            return string(node, field);
        }

        String nullableString(String field) {
            var node = object.get(field);
            return node == null || node.isNull() ? null : string(node, field);
        }

        /** A plain {@code str} with a default: absent takes the default, null is not a string. */
        String stringOrDefault(String field, String defaultValue) {
            var node = object.get(field);
            return node == null ? defaultValue : string(node, field);
        }

        private String string(JsonNode node, String field) {
            if (!node.isTextual()) {
                errors.stringType(node, "body", field);
                return null;
            }
            return node.textValue();
        }

        String requiredReaction(String field) {
            var node = object.get(field);
            if (node == null) {
                errors.missing(object, "body", field);
                return null;
            }
            return reaction(node, field);
        }

        String nullableReaction(String field) {
            var node = object.get(field);
            return node == null || node.isNull() ? null : reaction(node, field);
        }

        private String reaction(JsonNode node, String field) {
            if (!node.isTextual() || !REACTIONS.contains(node.textValue())) {
                errors.reactionEnum(node, "body", field);
                return null;
            }
            return node.textValue();
        }

        List<String> nullableStrings(String field) {
            var node = object.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isArray()) {
                errors.listType(node, "body", field);
                return null;
            }
            var values = new ArrayList<String>();
            for (int i = 0; i < node.size(); i++) {
                var item = node.get(i);
                if (item.isTextual()) {
                    values.add(item.textValue());
                } else {
                    errors.stringTypeAt(item, field, i);
                }
            }
            return values;
        }
    }
}
