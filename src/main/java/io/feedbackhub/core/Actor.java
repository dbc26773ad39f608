package io.feedbackhub.core;

/**
 * Who is writing: the tenant every row is scoped to, the key that authenticated, whether that key may only
 * touch feedback it created itself (publishable keys: their author ids are unverified), and for an end-user
 * token the author and target it was minted for ({@code scope}, null for keys).
 */
public record Actor(String tenantId, String keyId, boolean ownFeedbackOnly, AuthorScope scope) {
    public Actor(String tenantId, String keyId, boolean ownFeedbackOnly) {
        this(tenantId, keyId, ownFeedbackOnly, null);
    }

    public static Actor trusted(String tenantId, String keyId) {
        return new Actor(tenantId, keyId, false);
    }

    /** An end user's token: bound to its scope rather than to a key, so a new token can change an old vote. */
    public static Actor endUser(String tenantId, String mintedByKeyId, AuthorScope scope) {
        return new Actor(tenantId, mintedByKeyId, false, java.util.Objects.requireNonNull(scope, "scope"));
    }

    /**
     * Whether this actor may change (or, for a browser credential, even learn about) this feedback: its own record
     * for a publishable key, one inside its scope for an end-user token, anything in its tenant for a secret key.
     * Doors that look a record up before writing ask this rather than comparing key ids themselves.
     */
    public boolean mayChange(Feedback f) {
        return (!ownFeedbackOnly || (keyId != null && keyId.equals(f.createdByKeyId())))
                && (scope == null || scope.covers(f));
    }

    /** Whether a write of this draft lies inside the actor's scope (always, for a key). */
    boolean mayWrite(FeedbackDraft d) {
        return scope == null || scope.covers(d.target(), d.name(), d.authorId());
    }
}
