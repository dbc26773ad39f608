package io.feedbackhub.core;

/** A client_feedback_id already used in a tenant: the feedback it wrote and the fingerprint of that request. */
public record IdempotencyKey(String clientFeedbackId, String feedbackId, String fingerprint) {
}
