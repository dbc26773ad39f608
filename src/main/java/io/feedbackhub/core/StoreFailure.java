package io.feedbackhub.core;

/**
 * The database refused work in a way no caller can cause or cure (a constraint the code should have kept, SQL the
 * database does not accept): a bug, answered 500 and logged with its cause. Busy or unreachable databases are
 * {@link StoreUnavailable}; text the database cannot store is {@link InvalidInput}.
 */
public final class StoreFailure extends Failure {
    public StoreFailure(String message, Throwable cause) {
        super(message, cause, true);
    }
}
