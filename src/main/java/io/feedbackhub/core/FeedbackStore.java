package io.feedbackhub.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Durable feedback storage. The interface lives in core so that core depends on no database; the SQL
 * implementations are in the store package.
 */
public interface FeedbackStore {
    /**
     * Runs {@code work} in a write transaction shared with other concurrent writes (group commit). The
     * future completes only after the transaction committed, or fails with {@link StoreUnavailable}.
     */
    <T> CompletableFuture<T> submit(Function<FeedbackWrites, T> work);

    Optional<Feedback> find(String tenantId, String id);

    /** One page of the live records the query's filter matches, in its order. */
    Page<Feedback> list(String tenantId, FeedbackQuery query);

    /** How many live records match (one SQL count, nothing loaded). */
    long count(String tenantId, FeedbackFilter filter);

    /**
     * Passes the live records the filter matches, in {@code order}, to {@code visitor}, at most {@code max} of them;
     * true when more matched than were passed. For vendor answers that are one unpaged array.
     */
    boolean scan(String tenantId, FeedbackFilter filter, Order order, int max, Consumer<Feedback> visitor);

    /** Earlier revisions, oldest first; the current one is not included. */
    List<Feedback> history(String tenantId, String id);

    /**
     * The record a client_feedback_id was used for, tombstone included (doors whose vendors name feedback by a
     * client-chosen id read it back by that id).
     */
    Optional<Feedback> findByClientFeedbackId(String tenantId, String clientFeedbackId);
}
