package io.feedbackhub.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A tenant's keep-if-judged sampling (GET/PUT /v1/settings/context): when on, what its traces say is held in a
 * bounded buffer and kept only for traces that receive feedback or enter a review queue within {@code window}; the
 * rest is dropped. {@code updatedAt} is null for the default (never set).
 */
public record ContextSampling(boolean keepIfJudged, Duration window, Instant updatedAt) {
    /** A day: long enough for a user's thumbs and a reviewer's queue on the same working day. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final Duration MIN_WINDOW = Duration.ofMinutes(5);
    public static final Duration MAX_WINDOW = Duration.ofDays(30);
    public static final ContextSampling DEFAULT = new ContextSampling(false, DEFAULT_WINDOW, null);
}
