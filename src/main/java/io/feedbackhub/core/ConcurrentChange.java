package io.feedbackhub.core;

/**
 * Another writer changed what this write depends on between two of its statements (a slot filled by another
 * key, a record purged under a replay). Nothing of this write may commit; the store runs it again, and the
 * second run sees the committed state and decides cleanly.
 */
public final class ConcurrentChange extends Failure {
    public ConcurrentChange(String message) {
        super(message, null, false);
    }
}
