package io.feedbackhub.review;

import io.feedbackhub.core.Message;
import io.feedbackhub.insight.agreement.Judgment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Queues, their items and who holds which slot. Claims are safe across nodes on one database: a slot is handed out
 * under the item's row lock (PostgreSQL) or the one writer (SQLite), so an item never has more than its reviewers
 * per item done or leased.
 */
public interface ReviewStore {
    void createQueue(String tenantId, ReviewQueue queue);

    Optional<ReviewQueue> queue(String tenantId, String queueId);

    List<ReviewQueue> queues(String tenantId);

    /**
     * Adds the items whose answers are not in the queue yet; returns those added. A pair whose first message is already
     * the first of another pair in the queue is stored swapped; when both are, nothing is added ({@link PairsCrowded}).
     */
    List<ReviewItem> addItems(String tenantId, String queueId, List<ReviewItem> items);

    /** All of a queue's items, oldest first. */
    List<ReviewItem> items(String tenantId, String queueId);

    /** The registered messages (id, model, metadata) that the queue's items name, by id. */
    Map<String, Message> itemMessages(String tenantId, String queueId);

    Optional<ReviewItem> item(String tenantId, String queueId, String itemId);

    /**
     * The reviewer's live lease if they hold one (renewed), else a new lease on the oldest item that has a free slot and
     * that this reviewer has neither reviewed nor skipped; empty when nothing needs them.
     */
    Optional<Claim> claim(String tenantId, ReviewQueue queue, String reviewerId, Instant now);

    /** Whether the reviewer holds a live lease on the item now, or reviewed it already (a correction of their review). */
    boolean mayReview(String tenantId, String queueId, String itemId, String reviewerId, Instant now);

    /** Marks the reviewer's leased slot done; true when the item now has all its reviews (once: a slot already done counts no more). */
    boolean finish(String tenantId, ReviewQueue queue, String itemId, String reviewerId, Instant now);

    /** Gives a held slot back; false when the reviewer held no live lease on it. */
    boolean release(String tenantId, String queueId, String itemId, String reviewerId, Instant now);

    /** Gives a held slot back and never offers the item to this reviewer again. */
    boolean skip(String tenantId, String queueId, String itemId, String reviewerId, Instant now);

    Progress progress(String tenantId, ReviewQueue queue, Instant now);

    /**
     * The live reviews of {@code name} on the queue's items: unit = item id, rater = reviewer; those first given in
     * [from, to) when either is not null.
     */
    List<Judgment> ratings(String tenantId, String queueId, String name, Instant from, Instant to);

    /** Records the adjudicator's label for the item. */
    void resolve(String tenantId, String queueId, String itemId, String name, String label, String adjudicator, Instant now);

    void createFilter(String tenantId, ItemFilter filter);

    List<ItemFilter> filters(String tenantId, String queueId);

    /** Stops a live filter; false when the queue has no such filter. */
    boolean stopFilter(String tenantId, String queueId, String filterId);

    /** The id of the thread's latest registered answer: its newest message (by first registration) not in the role {@code user}. */
    Optional<String> latestAnswer(String tenantId, String threadId);

    /** Whether the thread is registered, or named by a registered message. */
    boolean threadKnown(String tenantId, String threadId);

    /**
     * The blind queues in which the reviewer has claimed an item at least once and still has an item to review: one
     * that wants more reviews and that they have neither submitted nor skipped.
     */
    List<ReviewQueue> blindQueuesPending(String tenantId, String reviewerId);

    /**
     * The answers among {@code answerKeys} ({@code message:<id>} or {@code trace:<id>}) that are such items of
     * {@code queues} for this reviewer; a pair counts for both its messages.
     */
    Set<String> pendingAnswers(String tenantId, String reviewerId, List<ReviewQueue> queues, Collection<String> answerKeys);

    /** Registered messages the filter matches, oldest first, at most {@code max}. */
    List<Message> messages(String tenantId, MessageFilter filter, int max);
}
