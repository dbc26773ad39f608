package io.feedbackhub.http;

import io.feedbackhub.core.FieldError;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The one reader of query-string values: whole numbers in a range, finite numbers and instants, each bad value
 * reported through the door's {@link Wording} and read as absent, so that a caller collects every complaint of a
 * request before it answers. The grammar is one; the wording and two tolerances are the door's.
 */
public final class QueryParameters {
    /** How a door words a bad query value, and the two tolerances doors differ in. */
    public interface Wording {
        /** {@code text} is no whole number, or one outside {@code min..max}. */
        void notAnInteger(String name, String text, int min, int max);

        /** {@code text} is a whole number outside {@code min..max}; by default worded as {@link #notAnInteger}. */
        default void outOfRange(String name, String text, int value, int min, int max) {
            notAnInteger(name, text, min, max);
        }

        void notANumber(String name, String text);

        void notAnInstant(String name, String text);

        /** Whether {@code name=} (blank) and surrounding spaces mean absent and nothing (Langfuse), or a value (native). */
        default boolean lenient() {
            return false;
        }

        /** Whether an instant may carry an offset ({@code +02:00}) instead of {@code Z}. */
        default boolean offsets() {
            return false;
        }
    }

    /** The native API's wording: field errors of its problem JSON, collected into {@code errors}. */
    public static Wording nativeWording(List<FieldError> errors) {
        return new Wording() {
            @Override
            public void notAnInteger(String name, String text, int min, int max) {
                errors.add(FieldError.of(name, "must be an integer from " + (min == 0 ? "0 (none)" : min) + " to " + max
                        + ", got \"" + text + "\""));
            }

            @Override
            public void notANumber(String name, String text) {
                errors.add(FieldError.of(name, "must be a finite number, got \"" + text + "\""));
            }

            @Override
            public void notAnInstant(String name, String text) {
                errors.add(FieldError.of(name, "must be an ISO 8601 instant from year 0000 to 9999 such as "
                        + "2026-01-31T00:00:00Z, got \"" + text + "\""));
            }
        };
    }

    /**
     * The instants a client may name: four-digit years, as ISO 8601 writes them. Instant.parse also takes years up to
     * ±1,000,000,000, which overflow epoch milliseconds (a 500 before this check).
     */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final Context ctx;
    private final Wording wording;

    private QueryParameters(Context ctx, Wording wording) {
        this.ctx = ctx;
        this.wording = wording;
    }

    public static QueryParameters of(Context ctx, Wording wording) {
        return new QueryParameters(ctx, wording);
    }

    /** The first value of {@code name}, or null when absent (or blank, where the door is lenient). */
    public String text(String name) {
        var text = ctx.queryParam(name);
        return text == null || (wording.lenient() && text.isBlank()) ? null : text;
    }

    /** A whole number from {@code min} to {@code max}; null when absent or reported. */
    public Integer integer(String name, int min, int max) {
        var text = text(name);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(wording.lenient() ? text.strip() : text);
            if (value >= min && value <= max) {
                return value;
            }
            wording.outOfRange(name, text, value, min, max);
        } catch (NumberFormatException e) {
            wording.notAnInteger(name, text, min, max);
        }
        return null;
    }

    public int integer(String name, int min, int max, int fallback) {
        var value = integer(name, min, max);
        return value == null ? fallback : value;
    }

    /** A finite number; null when absent or reported. */
    public Double number(String name) {
        var text = text(name);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(wording.lenient() ? text.strip() : text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        wording.notANumber(name, text);
        return null;
    }

    /** An ISO 8601 instant from year 0000 to 9999; null when absent or reported. */
    public Instant instant(String name) {
        var text = text(name);
        if (text == null) {
            return null;
        }
        var instant = parseInstant(wording.lenient() ? text.strip() : text, wording.offsets());
        if (instant == null) {
            wording.notAnInstant(name, text);
        }
        return instant;
    }

    /** An ISO 8601 instant ({@code Z}, or with {@code offsets} any offset) from year 0000 to 9999, else null. */
    public static Instant parseInstant(String text, boolean offsets) {
        Instant parsed;
        try {
            parsed = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                parsed = offsets ? OffsetDateTime.parse(text).toInstant() : null;
            } catch (DateTimeParseException again) {
                parsed = null;
            }
        }
        return parsed != null && plausible(parsed) ? parsed : null;
    }

    /** Whether an instant a client sent is within years 0000-9999 (beyond, epoch milliseconds overflow). */
    public static boolean plausible(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
