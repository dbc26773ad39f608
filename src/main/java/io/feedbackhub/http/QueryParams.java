package io.feedbackhub.http;

import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query-string filters of the feedback listing (and of exports and stats, which share them). */
public final class QueryParams {
    /** The filters that name one value of a field. */
    private static final List<Map.Entry<String, FeedbackField>> TEXT_FILTERS = List.of(Map.entry("agent_id", FeedbackField.AGENT_ID),
            Map.entry("thread_id", FeedbackField.THREAD_ID), Map.entry("message_id", FeedbackField.MESSAGE_ID),
            Map.entry("trace_id", FeedbackField.TRACE_ID), Map.entry("content_id", FeedbackField.CONTENT_ID),
            Map.entry("name", FeedbackField.NAME), Map.entry("label", FeedbackField.LABEL), Map.entry("author_id", FeedbackField.AUTHOR_ID));
    private static final Set<String> KNOWN = Set.of("agent_id", "thread_id", "message_id", "trace_id", "content_id",
            "name", "label", "score_min", "score_max", "author_id", "source", "created_from", "created_to", "cursor", "limit");
    /** An export streams everything that matches: the listing's filters, no page size or cursor, and its format. */
    private static final Set<String> EXPORT_KNOWN = Set.of("agent_id", "thread_id", "message_id", "trace_id", "content_id",
            "name", "label", "score_min", "score_max", "author_id", "source", "created_from", "created_to", "format", "labels");

    private QueryParams() {
    }

    public static FeedbackQuery feedbackQuery(Context ctx) {
        return feedbackQuery(ctx, KNOWN);
    }

    /** The filters of GET /v1/export (its {@code format} is read by the caller); the query's limit and cursor are unused. */
    public static FeedbackQuery exportQuery(Context ctx) {
        return feedbackQuery(ctx, EXPORT_KNOWN);
    }

    private static FeedbackQuery feedbackQuery(Context ctx, Set<String> known) {
        var errors = new ArrayList<FieldError>();
        var metadata = new LinkedHashMap<String, String>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (name.startsWith("metadata.")) {
                var key = name.substring("metadata.".length());
                if (!FeedbackRules.METADATA_KEY.matcher(key).matches()) {
                    errors.add(FieldError.of(name, "metadata keys are 1-64 characters of letters, digits, _ . -"));
                } else {
                    metadata.put(key, ctx.queryParam(name));
                }
            } else if (!known.contains(name)) {
                errors.add(new FieldError(name, "is not a known filter; known: " + new java.util.TreeSet<>(known) + " and metadata.<key>", "extra_forbidden"));
            }
        }
        var sourceText = ctx.queryParam("source");
        var source = sourceText == null ? null : Source.parse(sourceText).orElse(null);
        if (sourceText != null && source == null) {
            errors.add(FieldError.of("source", "must be one of user, api, model, reviewer"));
        }
        var scoreMin = number(ctx, "score_min", errors);
        var scoreMax = number(ctx, "score_max", errors);
        var createdFrom = instant(ctx, "created_from", errors);
        var createdTo = instant(ctx, "created_to", errors);
        if (scoreMin != null && scoreMax != null && scoreMin > scoreMax) {
            errors.add(FieldError.of("score_min", "must not exceed score_max"));
        }
        if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
            errors.add(FieldError.of("created_from", "must not be after created_to"));
        }
        int limit = limit(ctx, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var filter = FeedbackFilter.ALL;
        for (var text : TEXT_FILTERS) {
            filter = filter.is(text.getValue(), ctx.queryParam(text.getKey()));
        }
        filter = filter.scoreBetween(scoreMin, scoreMax)
                .sources(source == null ? null : List.of(source))
                .createdBetween(createdFrom, createdTo)
                .metadata(metadata);
        return FeedbackQuery.of(filter, limit).after(Cursor.decode(ctx.queryParam("cursor")));
    }

    public static int limit(Context ctx, List<FieldError> errors) {
        return QueryParameters.of(ctx, QueryParameters.nativeWording(errors)).integer("limit", 1, FeedbackQuery.MAX_LIMIT,
                FeedbackQuery.DEFAULT_LIMIT);
    }

    /** Limit and cursor of the simple listings (agents, threads, messages). */
    public static int limitOnly(Context ctx) {
        var errors = new ArrayList<FieldError>();
        int limit = limit(ctx, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return limit;
    }

    private static Double number(Context ctx, String name, List<FieldError> errors) {
        return QueryParameters.of(ctx, QueryParameters.nativeWording(errors)).number(name);
    }

    public static Instant instant(Context ctx, String name, List<FieldError> errors) {
        return QueryParameters.of(ctx, QueryParameters.nativeWording(errors)).instant(name);
    }
}
