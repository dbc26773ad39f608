package io.feedbackhub.core;

/**
 * Whether a reader is shown the free text of feedback, its comment and its correction: what end users typed, which
 * may hold anything they chose to say. {@code WITHHELD} for the viewers of a project whose settings hide it; the
 * native API decides it once per read (api.FeedbackReads) and every reader of feedback goes through there.
 */
public enum FreeText {
    SHOWN, WITHHELD;

    public Feedback applyTo(Feedback f) {
        return this == SHOWN ? f : f.withoutFreeText();
    }
}
