package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.dialect.PydanticUuid;
import io.feedbackhub.json.Json;

/**
 * The seed's response item. Field order is the seed's (alphabetical); every field is always present,
 * {@code comment}, {@code reasons} and {@code turnId} as null when there is none.
 */
final class FeedbackItem {
    private FeedbackItem() {
    }

    /**
     * Whether a stored record can be shown as a VirtuousAI item without inventing anything: a thumbs reaction,
     * on a thread and message with uuid ids, by a uuid user, with a uuid client key and a surface, as the
     * seed's item requires. Everything this door writes qualifies; feedback written through other doors
     * qualifies when it has those values, and is otherwise invisible here (404, left out of thread lists).
     */
    static boolean expressible(Feedback f) {
        var t = f.target();
        return f.label() != null && FeedbackRequests.REACTIONS.contains(f.label()) // List.of refuses to look for null
                && PydanticUuid.isCanonical(t.threadId())
                && PydanticUuid.isCanonical(t.messageId())
                && PydanticUuid.isCanonical(f.authorId())
                && PydanticUuid.isCanonical(f.clientFeedbackId())
                && f.sourceSurface() != null;
    }

    static ObjectNode write(Feedback f) {
        var o = Json.object();
        o.put("clientFeedbackId", f.clientFeedbackId());
        o.put("comment", f.comment());
        o.put("createdAt", f.createdAt().toString());
        o.put("id", f.id());
        o.put("kind", f.name());
        o.put("messageId", f.target().messageId());
        o.put("reaction", f.label());
        // The store keeps "no reasons" as an empty list; a reaction sent without reasons reads back as null, as
        // the seed's nullable field would.
        if (f.reasons().isEmpty()) {
            o.putNull("reasons");
        } else {
            var reasons = o.putArray("reasons");
            f.reasons().forEach(reasons::add);
        }
        o.put("sourceSurface", f.sourceSurface());
        o.put("tenantId", f.tenantId());
        o.put("threadId", f.target().threadId());
        o.put("turnId", f.target().turnId());
        o.put("updatedAt", f.updatedAt().toString());
        o.put("userId", f.authorId());
        return o;
    }
}
