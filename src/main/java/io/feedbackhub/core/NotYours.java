package io.feedbackhub.core;

/**
 * A browser key (publishable key or end-user token) tried to overwrite feedback that another key gave.
 * Browser callers choose their own author ids, so this is what keeps one page from rewriting another's votes.
 */
public final class NotYours extends Refusal {
    public NotYours(String feedbackId) {
        super("feedback " + feedbackId + " in this slot was given with another key; this key may only change its own feedback");
    }
}
