package io.feedbackhub.core;

/** A client_feedback_id was used before with a different payload. */
public final class IdempotencyConflict extends Refusal {
    private final String feedbackId;

    public IdempotencyConflict(String clientFeedbackId, String feedbackId) {
        super("client_feedback_id " + clientFeedbackId + " was already used for feedback " + feedbackId
                + " with a different payload; use a new client_feedback_id for a different write");
        this.feedbackId = feedbackId;
    }

    public String feedbackId() {
        return feedbackId;
    }
}
