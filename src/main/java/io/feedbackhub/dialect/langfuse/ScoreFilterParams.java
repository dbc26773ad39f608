package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Source;
import io.feedbackhub.dialect.langfuse.ScoreRequest.DataType;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
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
        f.authorId = ctx.queryParam("userId");
        f.name = ctx.queryParam("name");
        f.createdFrom = instant(ctx, "fromTimestamp", issues);
        f.createdTo = instant(ctx, "toTimestamp", issues);
        f.oneOf(ctx.queryParams("environment"), v -> f.metadata.put(ScoreRequest.ENVIRONMENT, v), ScoreJson::environment);
        f.source = source(ctx.queryParam("source"), issues);
        valueFilter(ctx, f, issues);
        var scoreIds = csv(ctx.queryParam("scoreIds"));
        if (scoreIds != null) {
            f.ids = List.copyOf(scoreIds);
        }
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        f.threadId = ctx.queryParam("sessionId");
        if (ctx.queryParam("datasetRunId") != null) {
            f.metadata.put(ScoreRequest.DATASET_RUN_ID, ctx.queryParam("datasetRunId"));
        }
        f.traceId = ctx.queryParam("traceId");
        f.oneOf(asList(csv(ctx.queryParam("observationId"))), v -> f.messageId = v, x -> x.target().messageId());
        if (ctx.queryParam("queueId") != null) {
            f.matchesNothing = true; // Feedback Hub has no annotation queues
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
        f.oneOf(asList(csv(ctx.queryParam("name"))), v -> f.name = v, Feedback::name);
        var sources = asList(csv(ctx.queryParam("source")));
        if (sources != null) {
            var parsed = sources.stream().map(s -> source(s.toUpperCase(java.util.Locale.ROOT), issues)).toList();
            if (parsed.size() == 1) {
                f.source = parsed.get(0);
            } else {
                f.predicates.add(x -> parsed.contains(x.source()));
            }
        }
        var types = asList(csv(ctx.queryParam("dataType")));
        dataTypeFilter(f, types == null ? null : types.stream().map(t -> t.toUpperCase(java.util.Locale.ROOT)).toList(), issues);
        f.oneOf(asList(csv(ctx.queryParam("environment"))), v -> f.metadata.put(ScoreRequest.ENVIRONMENT, v), ScoreJson::environment);
        configFilter(f, csv(ctx.queryParam("configId")), configNames);
        if (ctx.queryParam("queueId") != null) {
            f.matchesNothing = true;
        }
        f.oneOf(asList(csv(ctx.queryParam("authorUserId"))), v -> f.authorId = v, Feedback::authorId);
        var valueMin = number(ctx, "valueMin", issues);
        var valueMax = number(ctx, "valueMax", issues);
        if ((valueMin != null || valueMax != null) && (types == null || !types.equals(List.of("NUMERIC")))) {
            issues.custom("valueMin and valueMax require dataType=NUMERIC", "dataType");
        }
        f.scoreMin = valueMin;
        f.scoreMax = valueMax;
        var values = asList(csv(ctx.queryParam("value")));
        if (values != null) {
            if (types == null || types.size() != 1 || !List.of("NUMERIC", "BOOLEAN", "CATEGORICAL").contains(types.get(0))) {
                issues.custom("value requires a single dataType of NUMERIC, BOOLEAN or CATEGORICAL", "value");
            } else {
                var type = DataType.valueOf(types.get(0));
                f.predicates.add(x -> values.contains(v3ValueText(x, type)));
            }
        }
        f.oneOf(asList(csv(ctx.queryParam("traceId"))), v -> f.traceId = v, x -> x.target().traceId());
        f.oneOf(asList(csv(ctx.queryParam("sessionId"))), v -> f.threadId = v, x -> x.target().threadId());
        f.oneOf(asList(csv(ctx.queryParam("observationId"))), v -> f.messageId = v, x -> x.target().messageId());
        f.oneOf(asList(csv(ctx.queryParam("experimentId"))), v -> f.metadata.put(ScoreRequest.DATASET_RUN_ID, v),
                x -> x.metadata().get(ScoreRequest.DATASET_RUN_ID));
        f.createdFrom = instant(ctx, "fromTimestamp", issues);
        f.createdTo = instant(ctx, "toTimestamp", issues);
        for (var deferred : List.of("userId", "traceTags")) {
            if (ctx.queryParam(deferred) != null) {
                issues.custom(deferred + " is not supported by the v3 scores API", deferred);
            }
        }
        return f;
    }

    private static String v3ValueText(Feedback f, DataType type) {
        return switch (type) {
            case NUMERIC -> f.score() == null ? null : trimNumber(f.score());
            case BOOLEAN -> String.valueOf("true".equals(f.label()));
            default -> f.label();
        };
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
        var ids = asList(configIds);
        if (ids == null) {
            return;
        }
        var live = ids.stream().filter(configNames::contains).toList();
        if (live.isEmpty() || (f.name != null && !live.contains(f.name))) {
            f.matchesNothing = true;
            return;
        }
        f.oneOf(live, v -> f.name = v, Feedback::name);
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
        f.predicates.add(x -> parsed.contains(ScoreJson.dataType(x)));
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
            case ">=" -> f.scoreMin = value;
            case "<=" -> f.scoreMax = value;
            case ">" -> f.scoreMin = Math.nextUp(value);
            case "<" -> f.scoreMax = Math.nextDown(value);
            case "=" -> {
                f.scoreMin = value;
                f.scoreMax = value;
            }
            case "!=" -> f.predicates.add(x -> x.score() != null && x.score().doubleValue() != value);
            default -> issues.enumValue(List.of("<", ">", "<=", ">=", "!=", "="), Json.text(operator), "operator");
        }
    }

    private static Source source(String text, LangfuseError.Issues issues) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "API" -> Source.API;
            case "ANNOTATION" -> Source.USER;
            case "EVAL" -> Source.MODEL;
            default -> {
                issues.enumValue(List.of("ANNOTATION", "API", "EVAL"), Json.text(text), "source");
                yield null;
            }
        };
    }
}
