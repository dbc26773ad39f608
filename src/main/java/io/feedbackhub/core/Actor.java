package io.feedbackhub.core;

/**
 * Who is writing: the tenant every row is scoped to, the key that authenticated, whether it is a browser key with no
 * identity of its own ({@code ownFeedbackOnly}: a publishable key alone, whose author ids nobody vouched for), and
 * for an end-user token or an anonymous id the author (and target) it speaks for ({@code scope}, null for keys).
 *
 * <p>The ownership rule: a vote is changed or removed only by the identity that gave it. A secret key may change
 * anything in its tenant; a token or an anonymous id changes what lies in its scope, which its author gave, whichever
 * of its tokens (or the backend) wrote it; a publishable key alone changes nothing, since all of an app's browsers
 * share it and any of them could name any author.
 */
public record Actor(String tenantId, String keyId, boolean ownFeedbackOnly, AuthorScope scope) {
    public Actor(String tenantId, String keyId, boolean ownFeedbackOnly) {
        this(tenantId, keyId, ownFeedbackOnly, null);
    }

    public static Actor trusted(String tenantId, String keyId) {
        return new Actor(tenantId, keyId, false);
    }

    /** An end user's token or anonymous id: bound to its author, so a new token can change an old vote. */
    public static Actor endUser(String tenantId, String mintedByKeyId, AuthorScope scope) {
        return new Actor(tenantId, mintedByKeyId, false, java.util.Objects.requireNonNull(scope, "scope"));
    }

    /**
     * Whether this actor may change (or, for a browser credential, even learn about) this feedback: one inside its
     * scope for an end-user token or anonymous id, none for a publishable key alone, anything in its tenant for a
     * secret key. Doors that look a record up before writing ask this rather than comparing ids themselves.
     */
    public boolean mayChange(Feedback f) {
        if (scope != null) {
            return scope.covers(f);
        }
        return !ownFeedbackOnly;
    }

    /**
     * The draft as this actor gives it: a token's or anonymous id's author when the door names none (the seed doors
     * and Langfuse name no end user), so that an end user's vote lands in that end user's slot at every door.
     */
    FeedbackDraft authoring(FeedbackDraft d) {
        if (scope == null || d.authorId() != null) {
            return d;
        }
        return d.toBuilder().authorId(scope.authorId()).build();
    }

    /** The slot as this actor names it: see {@link #authoring(FeedbackDraft)}. */
    Slot authoring(Slot s) {
        if (scope == null || s.authorId() != null) {
            return s;
        }
        return new Slot(s.level(), s.targetId(), s.contentId(), s.name(), scope.authorId());
    }

    /** Whether a write of this draft lies inside the actor's scope (always, for a key). */
    boolean mayWrite(FeedbackDraft d) {
        return scope == null || scope.covers(d.target(), d.name(), d.authorId());
    }
}
