package io.feedbackhub.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    Page<Feedback> list(String tenantId, FeedbackQuery query);

    /** Earlier revisions, oldest first; the current one is not included. */
    List<Feedback> history(String tenantId, String id);

    /** How many live records match the query's filters (its cursor and limit are ignored). */
    long count(String tenantId, FeedbackQuery query);

    /**
     * The record a client_feedback_id was used for, tombstone included (doors whose vendors name feedback by a
     * client-chosen id read it back by that id).
     */
    Optional<Feedback> findByClientFeedbackId(String tenantId, String clientFeedbackId);
}
