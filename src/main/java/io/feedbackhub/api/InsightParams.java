package io.feedbackhub.api;

import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.QueryParameters;
import io.feedbackhub.insight.Cohort;
import io.feedbackhub.insight.Dimension;
import io.feedbackhub.insight.StatsFilters;
import io.feedbackhub.insight.StatsQuery;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query strings of /v1/stats and /v1/stats/compare, every problem collected and named by its parameter. */
final class InsightParams {
    /** Without from/to, stats cover the 30 days up to now. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private static final Set<String> FILTERS = Set.of("agent_id", "name", "label", "source_surface");
    private static final Set<String> RANGE = Set.of("from", "to");
    private static final String METADATA = "metadata.";
    private static final List<String> SIDES = List.of("a", "b");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private InsightParams() {
    }

    record CohortPair(Cohort a, Cohort b) {
    }

    static StatsQuery statsQuery(Context ctx, Clock clock, ZoneId defaultZone) {
        var errors = new ArrayList<FieldError>();
        var known = new java.util.TreeSet<>(FILTERS);
        known.addAll(RANGE);
        known.addAll(Set.of("tz", "group_by", "top_reasons"));
        var given = new Given();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!name.startsWith(METADATA) && !known.contains(name)) {
                errors.add(unknown(name, known));
            } else {
                given.put(name, name, ctx.queryParam(name));
            }
        }
        var filters = given.filters("", errors);
        var zone = ctx.queryParam("tz") == null ? defaultZone : zone(ctx.queryParam("tz"), errors);
        var range = given.range("", clock, errors);
        var groupBy = groupBy(ctx.queryParams("group_by"), errors);
        var topReasons = topReasons(ctx, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new StatsQuery(range[0], range[1], zone, filters, groupBy, topReasons);
    }

    /**
     * Two cohorts: {@code a.<filter>} and {@code b.<filter>} (same names as /v1/stats, including from/to and
     * metadata.<key>) over shared unprefixed filters; a cohort's own value wins over the shared one.
     */
    static CohortPair cohorts(Context ctx, Clock clock) {
        var errors = new ArrayList<FieldError>();
        var known = new java.util.TreeSet<>(FILTERS);
        known.addAll(RANGE);
        var shared = new Given();
        var sides = Map.of("a", new Given(), "b", new Given());
        boolean anyCohortParameter = false;
        for (var name : ctx.queryParamMap().keySet()) {
            var side = name.length() > 2 && name.charAt(1) == '.' && SIDES.contains(name.substring(0, 1)) ? name.substring(0, 1) : null;
            var bare = side == null ? name : name.substring(2);
            if (!bare.startsWith(METADATA) && !known.contains(bare)) {
                errors.add(new FieldError(name, "is not a known parameter; known: " + known + " and metadata.<key>, each also "
                        + "prefixed a. or b. for one cohort", "extra_forbidden"));
                continue;
            }
            (side == null ? shared : sides.get(side)).put(bare, name, ctx.queryParam(name));
            anyCohortParameter |= side != null;
        }
        if (!anyCohortParameter && errors.isEmpty()) {
            errors.add(new FieldError("a", "two cohorts are needed: give a.<filter> and b.<filter> parameters, e.g. "
                    + "a.metadata.prompt_version=v1&b.metadata.prompt_version=v2, or a.from/a.to and b.from/b.to", "missing"));
        }
        var cohorts = new ArrayList<Cohort>();
        for (var side : SIDES) {
            var given = shared.overlaidBy(sides.get(side));
            var filters = given.filters(side + ".", errors);
            var range = given.range(side + ".", clock, errors);
            cohorts.add(new Cohort(range[0], range[1], filters));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new CohortPair(cohorts.get(0), cohorts.get(1));
    }

    private static FieldError unknown(String name, Set<String> known) {
        return new FieldError(name, "is not a known parameter; known: " + known + " and metadata.<key>", "extra_forbidden");
    }

    private static ZoneId zone(String text, List<FieldError> errors) {
        if (text == null) {
            return UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            errors.add(FieldError.of("tz", "must be an IANA time zone such as Europe/Paris, America/New_York or UTC, got \"" + text + "\""));
            return UTC;
        }
    }

    private static int topReasons(Context ctx, List<FieldError> errors) {
        return QueryParameters.of(ctx, QueryParameters.nativeWording(errors))
                .integer("top_reasons", 0, StatsQuery.MAX_TOP_REASONS, StatsQuery.DEFAULT_TOP_REASONS);
    }

    private static List<Dimension> groupBy(List<String> values, List<FieldError> errors) {
        var dimensions = new ArrayList<Dimension>();
        for (var value : values) {
            for (var part : value.split(",", -1)) {
                var name = part.strip();
                var dimension = Dimension.parse(name);
                if (dimension.isEmpty()) {
                    errors.add(new FieldError("group_by", "\"" + name + "\" is not a dimension; allowed: " + Dimension.ALLOWED, "enum"));
                } else if (dimension.get().kind() == Dimension.Kind.METADATA
                        && !FeedbackRules.METADATA_KEY.matcher(dimension.get().metadataKey()).matches()) {
                    errors.add(FieldError.of("group_by", "metadata keys are 1-64 characters of letters, digits, _ . -, got \"" + name + "\""));
                } else {
                    dimensions.add(dimension.get());
                }
            }
        }
        return dimensions;
    }

    /** The parameters one query (or one cohort) was given: bare name -> (parameter name as sent, value). */
    private static final class Given {
        private final Map<String, String[]> values = new LinkedHashMap<>();

        void put(String bare, String sentAs, String value) {
            values.put(bare, new String[]{sentAs, value});
        }

        Given overlaidBy(Given own) {
            var merged = new Given();
            merged.values.putAll(values);
            // A cohort's own value replaces the shared one of the same name (a metadata filter on another key adds to it).
            merged.values.putAll(own.values);
            return merged;
        }

        String value(String bare) {
            var v = values.get(bare);
            return v == null ? null : v[1];
        }

        String sentAs(String bare, String fallback) {
            var v = values.get(bare);
            return v == null ? fallback : v[0];
        }

        StatsFilters filters(String prefix, List<FieldError> errors) {
            var metadata = values.keySet().stream().filter(k -> k.startsWith(METADATA)).toList();
            String key = null;
            String value = null;
            if (metadata.size() > 1) {
                errors.add(FieldError.of(sentAs(metadata.get(1), prefix + metadata.get(1)), "at most one metadata filter per "
                        + (prefix.isEmpty() ? "query" : "cohort") + ", got " + metadata.stream().map(k -> sentAs(k, k)).toList()
                        + ": a metadata filter reads the rollups of that one key, and keys are not crossed with each other"));
            } else if (metadata.size() == 1) {
                key = metadata.getFirst().substring(METADATA.length());
                value = value(metadata.getFirst());
                if (!FeedbackRules.METADATA_KEY.matcher(key).matches()) {
                    errors.add(FieldError.of(sentAs(metadata.getFirst(), metadata.getFirst()), "metadata keys are 1-64 characters of letters, digits, _ . -"));
                }
            }
            return new StatsFilters(value("agent_id"), value("name"), value("label"), value("source_surface"), key, value);
        }

        /** [from, to]: to defaults to now, from to 30 days before to; from must come before to. */
        Instant[] range(String prefix, Clock clock, List<FieldError> errors) {
            var from = instant("from", prefix, errors);
            var to = instant("to", prefix, errors);
            if (to == null) {
                to = clock.instant();
            }
            if (from == null) {
                from = to.minus(DEFAULT_RANGE);
            }
            if (!from.isBefore(to)) {
                errors.add(FieldError.of(sentAs("from", prefix + "from"), "must be before " + sentAs("to", prefix + "to")
                        + ", got from=" + from + " and to=" + to));
            }
            return new Instant[]{from, to};
        }

        private Instant instant(String bare, String prefix, List<FieldError> errors) {
            var text = value(bare);
            if (text == null) {
                return null;
            }
            var instant = QueryParameters.parseInstant(text, false);
            if (instant == null) {
                QueryParameters.nativeWording(errors).notAnInstant(sentAs(bare, prefix + bare), text);
            }
            return instant;
        }
    }
}
