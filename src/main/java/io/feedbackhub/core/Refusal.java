package io.feedbackhub.core;

/**
 * A write the core refuses for the caller's reasons, decided before anything is written. The group-commit
 * writer answers it to its caller alone and goes on with the rest of the batch.
 */
public abstract sealed class Refusal extends Failure permits InvalidInput, NotFound, IdempotencyConflict, NotYours {
    protected Refusal(String message) {
        super(message, null, false);
    }
}
