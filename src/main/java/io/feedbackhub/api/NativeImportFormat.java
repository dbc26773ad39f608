package io.feedbackhub.api;

import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.imports.ImportFormat;
import io.feedbackhub.imports.ImportRecord;

import java.util.Set;

/**
 * The lines of {@code GET /v1/export?format=jsonl} (or POST /v1/feedback bodies, one a line): the writable fields
 * with their {@code created_at}, and the registered {@code thread} and {@code message} when the line has them. What
 * the store assigns (id, updated_at, revision, deleted) is read but not written: the import creates new records.
 * The line's {@code client_feedback_id} is kept; a line without one is keyed by its exported id, or by the hash of
 * the line when it has no id either, so that a re-run replays it.
 */
public final class NativeImportFormat implements ImportFormat {
    static final String KEY_PREFIX = "native:";
    /** What the store or the read assigns (polarity follows the name's config), and the registry objects read apart. */
    private static final Set<String> ASSIGNED = Set.of("id", "updated_at", "revision", "deleted", "polarity", "message", "thread");

    @Override
    public String name() {
        return "native";
    }

    @Override
    public boolean recognizes(ObjectNode line) {
        return !line.has("key") && !line.has("traceId") && !line.has("observationId")
                && (line.has("name") || line.has("message_id") || line.has("trace_id"));
    }

    @Override
    public ImportRecord read(ObjectNode line) {
        var feedback = line.deepCopy();
        ASSIGNED.forEach(feedback::remove);
        leaveInheritedValues(feedback, line.get("thread"), line.get("message"));
        var draft = FeedbackJson.readDraft(feedback);
        if (draft.clientFeedbackId() == null) {
            var id = line.path("id");
            var key = KEY_PREFIX + (id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : Hashes.sha256Base64Url(line.toString()));
            draft = draft.toBuilder().clientFeedbackId(key).build();
        }
        return new ImportRecord(draft, thread(line.get("thread")), message(line.get("message")));
    }

    /**
     * An export shows what feedback inherits from its message and thread as its own values; taken as they are, they
     * would pin the imported record to the context it had when exported, where a later registry change no longer moves
     * it. A value equal to the line's registered thread or message is therefore left to be inherited again: the record
     * reads the same, and follows the registry like the original. (A record that named such a value itself cannot be
     * told apart in an export; it too follows the registry after an import.)
     */
    private static void leaveInheritedValues(ObjectNode feedback, JsonNode thread, JsonNode message) {
        if (thread != null && thread.isObject() && feedback.path("agent_id").equals(thread.path("agent_id"))) {
            feedback.remove("agent_id");
        }
        if (message == null || !message.isObject()) {
            return;
        }
        if (feedback.path("thread_id").equals(message.path("thread_id"))) {
            feedback.remove("thread_id");
        }
        if (feedback.get("metadata") instanceof ObjectNode metadata) {
            var inherited = message.path("metadata");
            for (var fields = metadata.fields(); fields.hasNext(); ) {
                var entry = fields.next();
                var registered = entry.getKey().equals("model") && !message.path("model").isNull() ? message.path("model") : inherited.path(entry.getKey());
                if (entry.getValue().equals(registered)) {
                    fields.remove();
                }
            }
        }
    }

    private static ImportRecord.Thread thread(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        var in = nested(node, "thread");
        var thread = new ImportRecord.Thread(in.requiredString("id"), in.string("agent_id"), in.string("title"),
                in.stringMap("metadata"));
        in.throwIfInvalid();
        return thread;
    }

    private static ImportRecord.Message message(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        var in = nested(node, "message");
        var message = new ImportRecord.Message(in.requiredString("id"), in.string("thread_id"), in.string("role"),
                in.string("prompt"), in.string("content"), in.string("model"), in.stringMap("metadata"));
        in.throwIfInvalid();
        return message;
    }

    private static JsonFields nested(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new InvalidInput(new FieldError(field, "must be an object, got " + JsonFields.kind(node), "dict_type"));
        }
        return JsonFields.of(node);
    }
}
