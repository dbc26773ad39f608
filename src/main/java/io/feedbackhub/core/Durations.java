package io.feedbackhub.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one way durations are written, in settings and in API bodies alike: a whole number with a unit, {@code 500ms},
 * {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d} (any case, a space allowed before the unit), or a bare number of
 * seconds ({@code 3600}). Ranges are the caller's to check.
 */
public final class Durations {
    private static final Pattern ONE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** One duration; IllegalArgumentException naming what was expected and what came. */
    public static Duration parse(String text) {
        var m = ONE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 5m, 2h, 1d or seconds (3600), got \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A comma-separated list such as {@code 1s,2s,5s}; empty text is an empty list. */
    public static List<Duration> parseList(String text) {
        var out = new ArrayList<Duration>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (var part : text.split(",")) {
            out.add(parse(part));
        }
        return out;
    }

    /** The shortest exact spelling: 90s stays 90s, 3600s is 1h. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
