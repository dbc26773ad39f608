package io.feedbackhub.core;

import java.util.Locale;
import java.util.Optional;

/** Who gave the judgment: an end user, an API integration, or a model acting as judge. */
public enum Source {
    USER, API, MODEL;

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
