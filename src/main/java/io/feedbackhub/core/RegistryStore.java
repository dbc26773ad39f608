package io.feedbackhub.core;

import java.util.Optional;

/**
 * Agents, threads and messages: upserted by id, read by id, listed in id order. A thread's upsert registers its agent
 * and a message's its thread when they are new; when it changes what feedback inherits (DESIGN.md §1), the feedback
 * on it is re-attributed in the same transaction.
 */
public interface RegistryStore {
    Agent putAgent(String tenantId, Agent agent);

    Optional<Agent> agent(String tenantId, String id);

    Page<Agent> agents(String tenantId, String afterId, int limit);

    ChatThread putThread(String tenantId, ChatThread thread);

    Optional<ChatThread> thread(String tenantId, String id);

    Page<ChatThread> threads(String tenantId, String agentId, String afterId, int limit);

    Message putMessage(String tenantId, Message message);

    /** Writes what {@code merge} makes of the stored message (null when there is none), in one transaction. */
    Message mergeMessage(String tenantId, String id, java.util.function.UnaryOperator<Message> merge);

    /**
     * {@link #mergeMessage} for many messages in one transaction, in order (a later merge of an id sees the earlier):
     * a merge that throws {@link InvalidInput} is refused alone, before anything of it is written. One answer per merge.
     */
    java.util.List<MessageMerge.Outcome> mergeMessages(String tenantId, java.util.List<MessageMerge> merges);

    Optional<Message> message(String tenantId, String id);

    Page<Message> messages(String tenantId, String threadId, String afterId, int limit);

    /** Clears prompt and content of messages with a trace created before {@code cutoff}; answers how many. */
    int forgetTracedTextBefore(java.time.Instant cutoff);
}
