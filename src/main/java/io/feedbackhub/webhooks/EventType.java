package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a webhook can tell: a feedback change, an alert rule changing state, a review queue's item done or resolved, or
 * a test event ({@code ping}) sent on request to one endpoint, which no endpoint subscribes to.
 */
public enum EventType {
    FEEDBACK_CREATED("feedback.created"),
    FEEDBACK_UPDATED("feedback.updated"),
    FEEDBACK_DELETED("feedback.deleted"),
    FEEDBACK_PURGED("feedback.purged"),
    ALERT_TRIGGERED("alert.triggered"),
    ALERT_RESOLVED("alert.resolved"),
    REVIEW_COMPLETED("review.completed"),
    REVIEW_ITEM_RESOLVED("review_item.resolved"),
    /** Sent only by {@code POST /v1/webhooks/{id}/test}, to that endpoint. */
    PING("ping");

    /** What an endpoint created without {@code events} subscribes to. */
    public static final Set<EventType> FEEDBACK = EnumSet.of(FEEDBACK_CREATED, FEEDBACK_UPDATED, FEEDBACK_DELETED, FEEDBACK_PURGED);

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether an endpoint can list it in its {@code events}. */
    public boolean isSubscribable() {
        return this != PING;
    }

    public boolean isFeedback() {
        return FEEDBACK.contains(this);
    }

    public static Optional<EventType> parse(String s) {
        for (var t : values()) {
            if (t.wire.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The event a change of one record makes, from what it was to what it became (either may be absent; a
     * tombstone counts as absent for a reader): a record that appears (new, or written again after an undo) is
     * created, a live one changed is updated, one turned into a tombstone is deleted, one erased by an author
     * purge ({@code after} null) is purged. A tombstone erased by a purge makes no event: it was already deleted.
     */
    public static Optional<EventType> of(Feedback before, Feedback after) {
        boolean wasLive = before != null && !before.deleted();
        if (after == null) {
            return wasLive ? Optional.of(FEEDBACK_PURGED) : Optional.empty();
        }
        if (after.deleted()) {
            return wasLive ? Optional.of(FEEDBACK_DELETED) : Optional.empty();
        }
        return Optional.of(wasLive ? FEEDBACK_UPDATED : FEEDBACK_CREATED);
    }
}
