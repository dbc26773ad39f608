package io.feedbackhub.dialect.devic;

import io.feedbackhub.core.ChatThread;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.Slot;
import io.feedbackhub.core.Target;
import io.feedbackhub.http.HttpFailure;


/**
 * A Devic assistant chat or agent thread: a thread registered in Feedback Hub, with the agent it belongs to (null for
 * an agent thread first met through this door, whose agent Devic's path does not name).
 *
 * <p>Lookups ({@link #chat}, {@link #thread}) never register anything: an unknown chat or thread is the seed's 404.
 * A first feedback ({@link #chatToWrite}, {@link #threadToWrite}) may name an unknown one, unless the tenant keeps
 * strict conversations: then it is the core's write that registers it (thread and agent), in the same transaction.
 */
record Conversation(Kind kind, String threadId, String agentId) {
    enum Kind { CHAT, THREAD }

    /** The seed's wording, for a missing chat and for one of another assistant alike. */
    private static final String NO_CHAT = "Chat history not found or does not belong to the specified assistant";
    private static final String NO_THREAD = "Thread not found";

    /** A chat is known when its thread is registered under the assistant named in the path (its agent_id). */
    static Conversation chat(RegistryService registry, String tenantId, String assistant, String chatUid) {
        return registry.findThread(tenantId, chatUid)
                .filter(t -> assistant.equals(t.agentId()))
                .map(t -> new Conversation(Kind.CHAT, t.id(), t.agentId()))
                .orElseThrow(() -> notFound(NO_CHAT));
    }

    /**
     * The chat a submit writes to: a known one of this assistant, or (not strict) an unknown one, which the write
     * registers owned by the assistant that named it. A chat known under another assistant, or under none (registered
     * through another door), stays the seed's 404: a chat belongs to one assistant, and this door never moves it.
     */
    static Conversation chatToWrite(RegistryService registry, String tenantId, String assistant, String chatUid, boolean strict) {
        var known = registry.findThread(tenantId, chatUid);
        if (known.isEmpty() && !strict) {
            return new Conversation(Kind.CHAT, chatUid, assistant);
        }
        return known.filter(t -> assistant.equals(t.agentId()))
                .map(t -> new Conversation(Kind.CHAT, t.id(), t.agentId()))
                .orElseThrow(() -> notFound(NO_CHAT));
    }

    /**
     * An agent thread. Strict: registered with an agent, as Devic always answers a thread's agentId. Otherwise any
     * registered thread is one (answered with agentId "" while it has none).
     */
    static Conversation thread(RegistryService registry, String tenantId, String threadId, boolean strict) {
        return registry.findThread(tenantId, threadId)
                .filter(t -> !strict || t.agentId() != null)
                .map(Conversation::threadOf)
                .orElseThrow(() -> notFound(NO_THREAD));
    }

    /** The thread a submit writes to: as {@link #thread}, or (not strict) an unknown one, registered by the write. */
    static Conversation threadToWrite(RegistryService registry, String tenantId, String threadId, boolean strict) {
        if (registry.findThread(tenantId, threadId).isEmpty() && !strict) {
            return new Conversation(Kind.THREAD, threadId, null);
        }
        return thread(registry, tenantId, threadId, strict);
    }

    private static Conversation threadOf(ChatThread t) {
        return new Conversation(Kind.THREAD, t.id(), t.agentId());
    }

    /** The slot a Devic write for this message fills: the message, name "reaction", no author. */
    Slot slotOf(String messageId) {
        return Slot.of(new Target(agentId, threadId, messageId, null, null, null), FeedbackDraft.DEFAULT_NAME, null);
    }

    /**
     * The Devic entries of this conversation: on each of its messages the one record of {@link #slotOf} (no content,
     * name "reaction", no author), not some other feedback on the thread.
     */
    FeedbackFilter entries() {
        return FeedbackFilter.ALL.is(FeedbackField.THREAD_ID, threadId).is(FeedbackField.NAME, FeedbackDraft.DEFAULT_NAME)
                .present(FeedbackField.MESSAGE_ID, true).present(FeedbackField.CONTENT_ID, false)
                .present(FeedbackField.AUTHOR_ID, false);
    }

    private static HttpFailure notFound(String message) {
        return new HttpFailure(404, "Not Found", message);
    }
}
