package io.feedbackhub.core;

/** The database cannot be reached or refuses work for now; nothing was written. Retry later. */
public final class StoreUnavailable extends Failure {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause, true);
    }
}
