package io.feedbackhub.core;

/**
 * A browser credential tried to write where it may not: over feedback that another identity gave (a publishable key
 * alone has none, so it changes nothing), or, for an end-user token, outside the author and target it was minted
 * for. The message never names the record that is there: that would tell a stranger another person's feedback id.
 */
public final class NotYours extends Refusal {
    private NotYours(String message, boolean ignored) {
        super(message);
    }

    /** The slot already holds feedback this credential may not change. */
    public static NotYours slotTaken() {
        return new NotYours("this slot already holds feedback given by another identity; a browser may change only the feedback"
                + " its own identity gave: an end-user token's author (POST /v1/tokens) or an anonymous id (POST /v1/anonymous-id)", true);
    }

    /** An end-user token asked to write feedback for another author, target or name than it was minted for. */
    public static NotYours outsideScope(AuthorScope scope, FeedbackDraft draft) {
        return new NotYours("this end-user token may only write feedback with " + scope.describe() + "; the request has author_id="
                + draft.authorId() + ", thread_id=" + draft.target().threadId() + ", message_id=" + draft.target().messageId()
                + ", name=" + draft.name(), true);
    }

    /** An end-user token binds a value (a metadata key, the surface) and the request names another. */
    public static NotYours boundValue(String field, String bound, String asked) {
        return new NotYours("this end-user token binds " + field + "=" + bound + "; the request has " + field + "=" + asked
                + " (leave it out and the token's value is used)", true);
    }

    /** A client_feedback_id already names feedback this credential may not change (another key's or author's). */
    public static NotYours keyOfAnother(String clientFeedbackId) {
        return new NotYours("client_feedback_id " + clientFeedbackId + " was used for feedback this credential may not change;"
                + " use a new client_feedback_id", true);
    }
}
