package io.feedbackhub.core;

/**
 * What an end-user token lets its bearer touch: the feedback of one author, optionally only on one thread, one
 * message and under one feedback name. The author is verified (the app's backend vouched for it when it minted the
 * token), so within its scope a token acts as that author, whichever key wrote the record; outside it, it can
 * neither write nor read.
 */
public record AuthorScope(String authorId, String threadId, String messageId, String name) {
    public AuthorScope {
        if (authorId == null || authorId.isEmpty()) {
            throw new IllegalArgumentException("an author scope needs an author id");
        }
    }

    /** Whether feedback by this author, on this target, under this name lies inside the scope. */
    public boolean covers(Target target, String feedbackName, String feedbackAuthorId) {
        return authorId.equals(feedbackAuthorId)
                && (threadId == null || threadId.equals(target.threadId()))
                && (messageId == null || messageId.equals(target.messageId()))
                && (name == null || name.equals(feedbackName));
    }

    public boolean covers(Feedback f) {
        return covers(f.target(), f.name(), f.authorId());
    }

    /** What the scope binds, for a refusal that says what would have been allowed. */
    public String describe() {
        var s = new StringBuilder("author_id=").append(authorId);
        if (threadId != null) {
            s.append(", thread_id=").append(threadId);
        }
        if (messageId != null) {
            s.append(", message_id=").append(messageId);
        }
        if (name != null) {
            s.append(", name=").append(name);
        }
        return s.toString();
    }
}
