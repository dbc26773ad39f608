package io.feedbackhub.review;

import java.util.Locale;
import java.util.Optional;

/** What a reviewer judges: one answer ({@code single}) or the better of two answers to one prompt ({@code pairwise}). */
public enum QueueKind {
    SINGLE, PAIRWISE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QueueKind> parse(String s) {
        for (var v : values()) {
            if (v.wire().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
