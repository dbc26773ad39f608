package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Condition;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.Source;
import io.feedbackhub.dialect.langfuse.ScoreRequest.DataType;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.feedbackhub.dialect.langfuse.QueryValues.asList;
import static io.feedbackhub.dialect.langfuse.QueryValues.csv;
import static io.feedbackhub.dialect.langfuse.QueryValues.instant;
import static io.feedbackhub.dialect.langfuse.QueryValues.number;

/** The query parameters of Langfuse's score listings (v2 and v3) read into a {@link ScoreFilter}. */
final class ScoreFilterParams {
    private ScoreFilterParams() {
    }

    /** GET /api/public/v2/scores's query parameters (fern {@code scores.yml}, {@code GetScoresRequest}). */
    static ScoreFilter v2Filter(Context ctx, Set<String> configNames, LangfuseError.Issues issues) {
        var f = new ScoreFilter();
        f.filter = f.filter.is(FeedbackField.AUTHOR_ID, ctx.queryParam("userId"))
                .is(FeedbackField.NAME, ctx.queryParam("name"))
                .createdBetween(instant(ctx, "fromTimestamp", issues), instant(ctx, "toTimestamp", issues));
        environments(f, ctx.queryParams("environment"));
        f.filter = f.filter.sources(source(ctx.queryParam("source"), issues));
        valueFilter(ctx, f, issues);
        var scoreIds = csv(ctx.queryParam("scoreIds"));
        if (scoreIds != null) {
            f.ids = List.copyOf(scoreIds);
        }
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        f.filter = f.filter.is(FeedbackField.THREAD_ID, ctx.queryParam("sessionId"))
                .metadataIs(ScoreRequest.DATASET_RUN_ID, ctx.queryParam("datasetRunId"))
                .is(FeedbackField.TRACE_ID, ctx.queryParam("traceId"))
                .oneOf(FeedbackField.MESSAGE_ID, csv(ctx.queryParam("observationId")));
        if (ctx.queryParam("queueId") != null) {
            f.matchNothing(); // Feedback Hub has no annotation queues
        }
        dataTypeFilter(f, asList(csv(ctx.queryParam("dataType"))), issues);
        if (!ctx.queryParams("traceTags").isEmpty()) {
            issues.custom("traceTags is not supported: Feedback Hub does not store traces", "traceTags");
        }
        var filter = ctx.queryParam("filter");
        if (filter != null && !filter.isBlank() && !filter.strip().equals("[]")) {
            issues.custom("filter is not supported; use the named query parameters (name, userId, traceId, ...)", "filter");
        }
        return f;
    }

    /** GET /api/public/v3/scores's query parameters (fern {@code scores-v3.yml}): comma-separated lists. */
    static ScoreFilter v3Filter(Context ctx, Set<String> configNames, LangfuseError.Issues issues) {
        var f = new ScoreFilter();
        var ids = asList(csv(ctx.queryParam("id")));
        if (ids != null) {
            f.ids = ids;
        }
        f.filter = f.filter.oneOf(FeedbackField.NAME, csv(ctx.queryParam("name")));
        var sources = asList(csv(ctx.queryParam("source")));
        if (sources != null) {
            var parsed = sources.stream().map(s -> source(s.toUpperCase(java.util.Locale.ROOT), issues)).filter(Objects::nonNull)
                    .flatMap(List::stream).toList();
            f.filter = f.filter.sources(parsed);
        }
        var types = asList(csv(ctx.queryParam("dataType")));
        dataTypeFilter(f, types == null ? null : types.stream().map(t -> t.toUpperCase(java.util.Locale.ROOT)).toList(), issues);
        environments(f, asList(csv(ctx.queryParam("environment"))));
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        if (ctx.queryParam("queueId") != null) {
            f.matchNothing();
        }
        f.filter = f.filter.oneOf(FeedbackField.AUTHOR_ID, csv(ctx.queryParam("authorUserId")));
        var valueMin = number(ctx, "valueMin", issues);
        var valueMax = number(ctx, "valueMax", issues);
        if ((valueMin != null || valueMax != null) && (types == null || !types.equals(List.of("NUMERIC")))) {
            issues.custom("valueMin and valueMax require dataType=NUMERIC", "dataType");
        }
        f.filter = f.filter.scoreBetween(valueMin, valueMax);
        var values = asList(csv(ctx.queryParam("value")));
        if (values != null) {
            if (types == null || types.size() != 1 || !List.of("NUMERIC", "BOOLEAN", "CATEGORICAL").contains(types.get(0))) {
                issues.custom("value requires a single dataType of NUMERIC, BOOLEAN or CATEGORICAL", "value");
            } else {
                f.filter = f.filter.and(v3Values(DataType.valueOf(types.get(0)), values));
            }
        }
        f.filter = f.filter.oneOf(FeedbackField.TRACE_ID, csv(ctx.queryParam("traceId")))
                .oneOf(FeedbackField.THREAD_ID, csv(ctx.queryParam("sessionId")))
                .oneOf(FeedbackField.MESSAGE_ID, csv(ctx.queryParam("observationId")))
                .metadataOneOf(ScoreRequest.DATASET_RUN_ID, csv(ctx.queryParam("experimentId")))
                .createdBetween(instant(ctx, "fromTimestamp", issues), instant(ctx, "toTimestamp", issues));
        for (var deferred : List.of("userId", "traceTags")) {
            if (ctx.queryParam(deferred) != null) {
                issues.custom(deferred + " is not supported by the v3 scores API", deferred);
            }
        }
        return f;
    }

    /**
     * v3's {@code value}: the score's text as Langfuse writes it (so "1", not "1.0"), for a boolean "true" or
     * "false", else the label.
     */
    private static FeedbackFilter v3Values(DataType type, List<String> values) {
        return switch (type) {
            case NUMERIC -> {
                var scores = values.stream().flatMap(v -> exactNumber(v).stream())
                        .map(d -> FeedbackFilter.ALL.scoreBetween(d, d)).toList();
                yield scores.isEmpty() ? FeedbackFilter.NONE : FeedbackFilter.ALL.anyOf(scores);
            }
            case BOOLEAN -> {
                var isTrue = new Condition.OneOf(FeedbackField.LABEL, Set.of("true"));
                var alternatives = new ArrayList<FeedbackFilter>();
                if (values.contains("true")) {
                    alternatives.add(FeedbackFilter.ALL.and(isTrue));
                }
                if (values.contains("false")) {
                    alternatives.add(FeedbackFilter.ALL.and(new Condition.Not(isTrue)));
                }
                yield alternatives.isEmpty() ? FeedbackFilter.NONE : FeedbackFilter.ALL.anyOf(alternatives);
            }
            default -> FeedbackFilter.ALL.oneOf(FeedbackField.LABEL, values);
        };
    }

    /** The number {@code text} is when Langfuse would write that number so. */
    private static Optional<Double> exactNumber(String text) {
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) && trimNumber(d).equals(text) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String trimNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static Set<String> v3Groups(Context ctx, LangfuseError.Issues issues) {
        var groups = csv(ctx.queryParam("fields"));
        if (groups == null) {
            return Set.of();
        }
        for (var g : groups) {
            if (g.equals("trace")) {
                issues.custom("fields=trace is reserved and not yet available", "fields");
            } else if (!List.of("core", "details", "subject", "annotation").contains(g)) {
                issues.custom("Unknown field group: \"" + g + "\". Allowed: core, details, subject, annotation", "fields");
            }
        }
        return groups;
    }

    /**
     * A config id is a config's name: the scores linked to a config are the scores of its name, while that config
     * exists ({@code configNames}).
     */
    private static void configFilter(ScoreFilter f, Set<String> configIds, Set<String> configNames) {
        if (configIds == null) {
            return;
        }
        var live = configIds.stream().filter(configNames::contains).toList();
        if (live.isEmpty()) {
            f.matchNothing();
            return;
        }
        f.filter = f.filter.oneOf(FeedbackField.NAME, live);
    }

    private static void environments(ScoreFilter f, List<String> environments) {
        if (environments != null && !environments.isEmpty()) {
            f.filter = f.filter.and(ScoreFilter.environmentIn(environments));
        }
    }

    private static void dataTypeFilter(ScoreFilter f, List<String> types, LangfuseError.Issues issues) {
        if (types == null) {
            return;
        }
        var parsed = new ArrayList<DataType>();
        for (var t : types) {
            if (DataType.NAMES.contains(t)) {
                parsed.add(DataType.valueOf(t));
            } else {
                issues.enumValue(DataType.NAMES, Json.text(t), "dataType");
            }
        }
        if (!parsed.isEmpty()) {
            f.filter = f.filter.and(ScoreFilter.dataTypeIn(parsed));
        }
    }

    /** Langfuse's {@code operator} and {@code value}: a range on the score, exact for every operator but "!=". */
    private static void valueFilter(Context ctx, ScoreFilter f, LangfuseError.Issues issues) {
        var operator = ctx.queryParam("operator");
        var value = number(ctx, "value", issues);
        if (operator == null && value == null) {
            return;
        }
        if (operator == null || value == null) {
            issues.custom("operator and value must be given together", operator == null ? "operator" : "value");
            return;
        }
        switch (operator) {
            case ">=" -> f.filter = f.filter.scoreBetween(value, null);
            case "<=" -> f.filter = f.filter.scoreBetween(null, value);
            case ">" -> f.filter = f.filter.scoreBetween(Math.nextUp(value), null);
            case "<" -> f.filter = f.filter.scoreBetween(null, Math.nextDown(value));
            case "=" -> f.filter = f.filter.scoreBetween(value, value);
            case "!=" -> f.filter = f.filter.and(ScoreFilter.scoreNot(value));
            default -> issues.enumValue(List.of("<", ">", "<=", ">=", "!=", "="), Json.text(operator), "operator");
        }
    }

    /** The sources a Langfuse source names; ANNOTATION is people: end users and review-queue reviewers (ScoreJson shows both so). */
    private static List<Source> source(String text, LangfuseError.Issues issues) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "API" -> List.of(Source.API);
            case "ANNOTATION" -> List.of(Source.USER, Source.REVIEWER);
            case "EVAL" -> List.of(Source.MODEL);
            default -> {
                issues.enumValue(List.of("ANNOTATION", "API", "EVAL"), Json.text(text), "source");
                yield null;
            }
        };
    }
}
