package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.http.QueryParameters;
import io.javalin.http.Context;

import java.time.Instant;
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
        return QueryParameters.of(ctx, wording(issues)).integer(name, min, max, fallback);
    }

    static Double number(Context ctx, String name, LangfuseError.Issues issues) {
        return QueryParameters.of(ctx, wording(issues)).number(name);
    }

    static Instant instant(Context ctx, String name, LangfuseError.Issues issues) {
        return QueryParameters.of(ctx, wording(issues)).instant(name);
    }

    /** Langfuse's complaints (zod {@code custom} issues); blank values are absent and offsets are taken, as its API does. */
    private static QueryParameters.Wording wording(LangfuseError.Issues issues) {
        return new QueryParameters.Wording() {
            @Override
            public void notAnInteger(String name, String text, int min, int max) {
                issues.custom(name + " must be an integer, got \"" + text + "\"", name);
            }

            @Override
            public void outOfRange(String name, String text, int value, int min, int max) {
                issues.custom(name + " must be from " + min + " to " + max + ", got " + value, name);
            }

            @Override
            public void notANumber(String name, String text) {
                issues.custom(name + " must be a finite number, got \"" + text + "\"", name);
            }

            @Override
            public void notAnInstant(String name, String text) {
                issues.custom(name + " must be an ISO 8601 datetime such as 2026-01-31T00:00:00Z, got \"" + text + "\"", name);
            }

            @Override
            public boolean lenient() {
                return true;
            }

            @Override
            public boolean offsets() {
                return true;
            }
        };
    }
}
