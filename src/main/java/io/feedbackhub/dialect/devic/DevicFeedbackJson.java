package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Devic's feedback entry (seed 003, "Feedback Structure") and its {@code {success, data}} envelope. */
final class DevicFeedbackJson {
    /** The seed's timestamps always carry milliseconds ("2024-01-15T10:30:00.000Z"); Instant.toString drops ".000". */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private DevicFeedbackJson() {
    }

    static ObjectNode envelope(JsonNode data) {
        var body = Json.object().put("success", true);
        body.set("data", data);
        return body;
    }

    /** Absent values are left out, never null: the seed's examples show no nulls. */
    static ObjectNode item(Feedback f, Conversation conversation) {
        var o = Json.object();
        o.put("_id", objectId(f.id()));
        o.put("requestId", f.target().messageId());
        if (conversation.kind() == Conversation.Kind.CHAT) {
            o.put("chatUID", conversation.threadId());
        } else {
            o.put("threadId", conversation.threadId());
            // A thread first met through this door has no agent (no Devic path names it); the seed requires agentId
            // on every thread entry, so it is the empty string rather than an invented agent.
            o.put("agentId", conversation.agentId() == null ? "" : conversation.agentId());
        }
        // thumbs_up/positive → true, thumbs_down/negative → false; a comment alone (or a label the native API
        // wrote that is neither) has no boolean to show.
        var score = FeedbackRules.scoreOfLabel(f.label());
        if (score != null) {
            o.put("feedback", score == 1.0);
        }
        if (f.comment() != null) {
            o.put("feedbackComment", f.comment());
        }
        if (f.data() != null) {
            o.putRawValue("feedbackData", new RawValue(f.data()));
        }
        o.put("creationTimestamp", timestamp(f.createdAt()));
        // The seed: "The response will include lastEditTimestamp when feedback has been updated".
        if (f.revision() > 1) {
            o.put("lastEditTimestamp", timestamp(f.updatedAt()));
        }
        return o;
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * Devic's {@code _id} is a MongoDB ObjectId (24 lowercase hex); ours is derived from the UUIDv7 id, so the same
     * feedback always shows the same {@code _id}. Laid out like an ObjectId: 4 bytes of Unix seconds (so
     * {@code ObjectId.getTimestamp()} gives the creation second), then 8 bytes = the millisecond within that second
     * (10 bits), the UUIDv7 rand_a counter (12 bits) and 42 of its 62 random bits. Two ids share an {@code _id}
     * only if created in the same millisecond with the same rand_a and the same 42 random bits: impossible within
     * one process (Ids.uuidV7 bumps rand_a inside a millisecond), about 2^-42 for such a pair across nodes. No
     * Devic operation takes an {@code _id} back, so even then nothing would be looked up wrongly.
     */
    static String objectId(String uuidV7) {
        var uuid = UUID.fromString(uuidV7);
        long high = uuid.getMostSignificantBits();
        long millis = high >>> 16;
        long randA = high & 0xFFF;
        long random42 = uuid.getLeastSignificantBits() & ((1L << 42) - 1);
        long tail = ((millis % 1000) << 54) | (randA << 42) | random42;
        return String.format("%08x%016x", millis / 1000, tail);
    }
}
