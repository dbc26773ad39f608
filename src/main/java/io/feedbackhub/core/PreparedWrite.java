package io.feedbackhub.core;

/**
 * What a create needs that depends on the draft alone, computed on the request thread before the write is queued: the
 * new record's id, the slot and its key (a SHA-256), the idempotency fingerprint (another, only with a key). The
 * writer, one thread on SQLite, is the queue every write waits in (bench/RESULTS.md), so it does none of this itself.
 */
record PreparedWrite(String id, Slot slot, String slotKey, String fingerprint) {

    static PreparedWrite of(FeedbackDraft draft) {
        var slot = draft.slot();
        return new PreparedWrite(Ids.newId(), slot, slot.key(), draft.clientFeedbackId() == null ? null : draft.fingerprint());
    }

    /** The key of {@code record}'s slot: the one computed here unless inheriting the context moved the record's slot. */
    String slotKeyOf(Feedback record) {
        var actual = record.slot();
        return actual.equals(slot) ? slotKey : actual.key();
    }
}
