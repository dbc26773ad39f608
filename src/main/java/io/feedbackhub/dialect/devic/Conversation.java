package io.feedbackhub.dialect.devic;

import io.feedbackhub.api.HttpFailure;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.Slot;
import io.feedbackhub.core.Target;

/**
 * A Devic assistant chat or agent thread: a thread registered in Feedback Hub, with the agent it belongs to.
 * Lookups never register anything; an unknown chat or thread is the seed's 404.
 */
record Conversation(Kind kind, String threadId, String agentId) {
    enum Kind { CHAT, THREAD }

    /** A chat is known when its thread is registered under the assistant named in the path (its agent_id). */
    static Conversation chat(RegistryService registry, String tenantId, String assistant, String chatUid) {
        return registry.findThread(tenantId, chatUid)
                .filter(t -> assistant.equals(t.agentId()))
                .map(t -> new Conversation(Kind.CHAT, t.id(), t.agentId()))
                // The seed's wording, for a missing chat and for one of another assistant alike.
                .orElseThrow(() -> notFound("Chat history not found or does not belong to the specified assistant"));
    }

    /** An agent thread must be registered with an agent: Devic always answers a thread's agentId. */
    static Conversation thread(RegistryService registry, String tenantId, String threadId) {
        return registry.findThread(tenantId, threadId)
                .filter(t -> t.agentId() != null)
                .map(t -> new Conversation(Kind.THREAD, t.id(), t.agentId()))
                .orElseThrow(() -> notFound("Thread not found"));
    }

    /** The slot a Devic write for this message fills: the message, name "reaction", no author. */
    Slot slotOf(String messageId) {
        return Slot.of(new Target(agentId, threadId, messageId, null, null, null), FeedbackDraft.DEFAULT_NAME, null);
    }

    /** Whether a stored record is the one Devic entry of its message (not some other feedback on the thread). */
    boolean holdsDevicEntry(Feedback f) {
        return f.target().messageId() != null && f.slot().equals(slotOf(f.target().messageId()));
    }

    private static HttpFailure notFound(String message) {
        return new HttpFailure(404, "Not Found", message);
    }
}
