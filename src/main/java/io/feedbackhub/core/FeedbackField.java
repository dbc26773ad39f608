package io.feedbackhub.core;

import java.util.function.Function;

/** A field of a feedback record that a {@link FeedbackFilter} can name. */
public enum FeedbackField {
    ID(Feedback::id),
    AGENT_ID(f -> f.target().agentId()),
    THREAD_ID(f -> f.target().threadId()),
    MESSAGE_ID(f -> f.target().messageId()),
    TRACE_ID(f -> f.target().traceId()),
    CONTENT_ID(f -> f.target().contentId()),
    NAME(Feedback::name),
    LABEL(Feedback::label),
    AUTHOR_ID(Feedback::authorId),
    /** Compared by {@link Source#wire()}. */
    SOURCE(f -> f.source() == null ? null : f.source().wire()),
    SOURCE_SURFACE(Feedback::sourceSurface),
    COMMENT(Feedback::comment),
    /** A number: {@link Condition.Present} and {@link Condition.ScoreBetween} read it, never {@link Condition.OneOf}. */
    SCORE(Feedback::score),
    CORRECTION(Feedback::correction);

    private final Function<Feedback, Object> read;

    FeedbackField(Function<Feedback, Object> read) {
        this.read = read;
    }

    /** Whether {@link Condition.OneOf} may compare this field with text values. */
    public boolean textual() {
        return this != SCORE;
    }

    Object of(Feedback f) {
        return read.apply(f);
    }
}
