package io.feedbackhub.core;

/** What a create/upsert did; each door picks its status code and body from this with one switch. */
public sealed interface WriteOutcome {
    Feedback feedback();

    /** A new record in an empty slot. */
    record Created(Feedback feedback) implements WriteOutcome {
    }

    /** The slot had a record (live or tombstone); it now holds the next revision. */
    record Updated(Feedback feedback) implements WriteOutcome {
    }

    /** The idempotency key was seen before with the same payload: the original record, nothing written. */
    record Replayed(Feedback feedback) implements WriteOutcome {
    }
}
