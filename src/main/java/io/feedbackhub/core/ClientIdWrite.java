package io.feedbackhub.core;

/** What {@link FeedbackService#upsertByClientId} did. */
public sealed interface ClientIdWrite {
    /** The record the id names was created or updated (or, for a concurrent identical write, replayed). */
    record Written(WriteOutcome outcome) implements ClientIdWrite {
    }

    /**
     * Nothing written: the id names {@code current}, which is on another slot (another target, name or author), and
     * moving it there would make it another judgment.
     */
    record OtherSlot(Feedback current) implements ClientIdWrite {
    }
}
