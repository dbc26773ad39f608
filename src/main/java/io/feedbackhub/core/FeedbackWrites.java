package io.feedbackhub.core;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations a write may use inside one store transaction. Implementations lock what they return
 * ("lock" methods) until the transaction ends, so that two nodes writing the same slot serialize.
 * Uniqueness of slots and idempotency keys is the database's job: the "IfAbsent" methods report a
 * conflict instead of writing.
 */
public interface FeedbackWrites {
    Optional<IdempotencyKey> findKey(String tenantId, String clientFeedbackId);

    /** Inserts the key unless it exists (waiting for a concurrent claimer to finish); true when inserted. */
    boolean claimKeyIfAbsent(String tenantId, IdempotencyKey key, Instant now);

    void repointKey(String tenantId, String clientFeedbackId, String feedbackId);

    Optional<Feedback> lockBySlot(String tenantId, String slotKey);

    Optional<Feedback> lockById(String tenantId, String id);

    /** Inserts the record, whose slot's key is {@code slotKey}, unless its slot is taken; true when inserted. */
    boolean insertIfSlotFree(Feedback feedback, String slotKey);

    /**
     * {@link #claimKeyIfAbsent} for many keys at once (a batch's): the feedback ids of the keys inserted. Of several
     * keys with one client_feedback_id, the first in the list is the one that can be inserted.
     */
    default Set<String> claimKeysIfAbsent(String tenantId, List<IdempotencyKey> keys, Instant now) {
        var claimed = new HashSet<String>();
        for (var key : keys) {
            if (claimKeyIfAbsent(tenantId, key, now)) {
                claimed.add(key.feedbackId());
            }
        }
        return claimed;
    }

    /**
     * {@link #insertIfSlotFree} for many records at once (a batch's): the ids of those inserted. Of several records for
     * one slot, the first in the list is the one that can be inserted.
     */
    default Set<String> insertAllIfSlotFree(List<Feedback> records, List<String> slotKeys) {
        var inserted = new HashSet<String>();
        for (int i = 0; i < records.size(); i++) {
            if (insertIfSlotFree(records.get(i), slotKeys.get(i))) {
                inserted.add(records.get(i).id());
            }
        }
        return inserted;
    }

    /** Copies the current stored revision into history, then replaces it with {@code next}. */
    void replace(Feedback current, Feedback next);

    /**
     * The registry's context of a target as the feedback names it: its message's thread and metadata, the agent of
     * its thread (its own, else its message's). Until the transaction ends, no registry write can change that context
     * unseen: a concurrent registry write either committed before (and is read here) or re-attributes this write's
     * record after it commits.
     */
    Context contextOf(String tenantId, Target ownTarget);

    /** {@link #contextOf} of many targets at once (a batch's), with the same locks. */
    default Map<Target, Context> contextsOf(String tenantId, Collection<Target> ownTargets) {
        var contexts = new HashMap<Target, Context>();
        for (var target : ownTargets) {
            contexts.computeIfAbsent(target, t -> contextOf(tenantId, t));
        }
        return contexts;
    }

    void ensureAgent(String tenantId, String agentId, Instant now);

    void ensureThread(String tenantId, String threadId, String agentId, Instant now);

    /** Erases every feedback of the author, their history and idempotency keys; returns how many records. */
    int purgeAuthor(String tenantId, String authorId);

    /**
     * Erases the end user's conversations: every message traced for them (trace user id), the threads those were in
     * with all their messages, and the keep-if-judged buffer rows of their traces. Contents stay: they are the team's
     * documents, not the user's.
     */
    PurgedConversations purgeConversationsOf(String tenantId, String userId);

    record PurgedConversations(int messages, int threads) {
    }
}
