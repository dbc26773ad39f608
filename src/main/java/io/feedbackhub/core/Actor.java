package io.feedbackhub.core;

/**
 * Who is writing: the tenant every row is scoped to, the key that authenticated, and whether that key may
 * only touch feedback it created itself (browser keys and end-user tokens).
 */
public record Actor(String tenantId, String keyId, boolean ownFeedbackOnly) {
    public static Actor trusted(String tenantId, String keyId) {
        return new Actor(tenantId, keyId, false);
    }

    boolean mayChange(Feedback f) {
        return !ownFeedbackOnly || (keyId != null && keyId.equals(f.createdByKeyId()));
    }
}
