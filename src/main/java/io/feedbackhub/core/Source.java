package io.feedbackhub.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Who gave the judgment: an end user, an API integration, a model acting as judge, or a reviewer working through a
 * review queue (issue 16).
 */
public enum Source {
    USER, API, MODEL, REVIEWER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Source> parse(String s) {
        for (var v : values()) {
            if (v.wire().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
