package io.feedbackhub.core;

/**
 * Every failure the core and the store name, one sealed family: a {@link Refusal} of the caller's request (invalid
 * input, not found, not yours, a reused idempotency key), {@link StoreUnavailable} (retry later), a
 * {@link StoreFailure} (the database answered what no code expects: a bug), and {@link ConcurrentChange}, which
 * the store retries and which never leaves it. The doors classify these once ({@code http.FailureKind}) and answer
 * each kind in their own shape.
 */
public abstract sealed class Failure extends RuntimeException permits Refusal, StoreUnavailable, StoreFailure, ConcurrentChange {
    protected Failure(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }
}
