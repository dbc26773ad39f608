package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.http.QueryParams;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Query parameter values as Langfuse's API takes them (comma-separated lists, page numbers, ISO times), with its complaints. */
final class QueryValues {
    static final int MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 50;

    private QueryValues() {
    }

    static Set<String> csv(String text) {
        if (text == null) {
            return null;
        }
        var values = new LinkedHashSet<String>();
        Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(values::add);
        return values.isEmpty() ? null : values;
    }

    static List<String> asList(Set<String> values) {
        return values == null ? null : new java.util.ArrayList<>(values); // List.copyOf's contains(null) would throw
    }

    static int intParam(Context ctx, String name, int min, int max, int fallback, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
            issues.custom(name + " must be from " + min + " to " + max + ", got " + value, name);
        } catch (NumberFormatException e) {
            issues.custom(name + " must be an integer, got \"" + text + "\"", name);
        }
        return fallback;
    }

    static Double number(Context ctx, String name, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        issues.custom(name + " must be a finite number, got \"" + text + "\"", name);
        return null;
    }

    static Instant instant(Context ctx, String name, LangfuseError.Issues issues) {
        var text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                parsed = java.time.OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException again) {
                parsed = null;
            }
        }
        // years beyond 0000-9999 parse, but overflow epoch milliseconds further on (a 500 before this check)
        if (parsed == null || !QueryParams.plausible(parsed)) {
            issues.custom(name + " must be an ISO 8601 datetime such as 2026-01-31T00:00:00Z, got \"" + text + "\"", name);
            return null;
        }
        return parsed;
    }
}
