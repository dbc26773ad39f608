package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.feedbackhub.dialect.langfuse.QueryValues.DEFAULT_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.MAX_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.csv;
import static io.feedbackhub.dialect.langfuse.QueryValues.intParam;

/**
 * The routes that read scores: v2 pages (page/limit, also under the v1 path) and v3 cursor pages, and one score by
 * id. Filters the store cannot apply run in memory over its pages ({@link ScoreFilter}).
 */
final class ScoreReadRoutes {
    private final FeedbackService feedback;
    private final ScoreConfigs configs;
    private final LangfuseCredentials auth;
    private final Scores scores;

    ScoreReadRoutes(FeedbackService feedback, ScoreConfigs configs, LangfuseCredentials auth, Scores scores) {
        this.feedback = feedback;
        this.configs = configs;
        this.auth = auth;
        this.scores = scores;
    }

    void listV2(Context ctx) {
        var tenant = auth.requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1, issues);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configs.byName(tenant);
        var filter = ScoreFilterParams.v2Filter(ctx, configMap.keySet(), issues);
        var groups = csv(ctx.queryParam("fields"));
        issues.throwIfAny();
        boolean withTrace = groups == null || groups.contains("trace");
        int offset = (page - 1) * limit;

        List<Feedback> items;
        long total;
        if (filter.matchesNothing) {
            items = List.of();
            total = 0;
        } else if (filter.ids != null || filter.hasPredicates()) {
            var all = filter.ids != null ? byIds(tenant, filter) : collect(tenant, filter, Integer.MAX_VALUE);
            total = all.size();
            items = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
        } else {
            total = feedback.count(tenant, filter.query(null, 1));
            items = skipTake(tenant, filter, offset, limit);
        }
        var answer = Json.object();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v2(f, tenant, configMap, withTrace)));
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", total)
                .put("totalPages", (total + limit - 1) / limit);
        ctx.json(answer);
    }

    void getV2(Context ctx) {
        var tenant = auth.requireSecret(ctx).tenantId();
        var score = scores.found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v2(score, tenant, configs.byName(tenant), false));
    }

    /** Cursor pages, newest first; the cursor is absent on the last page. */
    void listV3(Context ctx) {
        var tenant = auth.requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configs.byName(tenant);
        var filter = ScoreFilterParams.v3Filter(ctx, configMap.keySet(), issues);
        var groups = ScoreFilterParams.v3Groups(ctx, issues);
        issues.throwIfAny();
        var after = Cursor.decode(ctx.queryParam("cursor"));

        var items = new ArrayList<Feedback>();
        String next = null;
        if (filter.matchesNothing) {
            // nothing to read
        } else if (filter.ids != null) {
            var all = byIds(tenant, filter).stream().filter(f -> after == null || f.id().compareTo(after) < 0).toList();
            items.addAll(all.subList(0, Math.min(limit, all.size())));
            next = all.size() > limit ? items.get(items.size() - 1).id() : null;
        } else if (!filter.hasPredicates()) {
            var page = feedback.list(tenant, filter.query(after, limit));
            items.addAll(page.items());
            next = page.nextAfter();
        } else {
            // One more than the page, so that the last page says so by having no cursor.
            var found = collectAfter(tenant, filter, after, limit + 1);
            items.addAll(found.subList(0, Math.min(limit, found.size())));
            next = found.size() > limit ? items.get(items.size() - 1).id() : null;
        }
        var answer = Json.object();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v3(f, tenant, configMap, groups)));
        var meta = answer.putObject("meta").put("limit", limit);
        if (next != null) {
            meta.put("cursor", Cursor.encode(next));
        }
        ctx.json(answer);
    }

    void getV3(Context ctx) {
        var tenant = auth.requireSecret(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        var groups = ctx.queryParam("fields") == null ? Set.of("details", "subject", "annotation") : ScoreFilterParams.v3Groups(ctx, issues);
        issues.throwIfAny();
        var score = scores.found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v3(score, tenant, configs.byName(tenant), groups));
    }

    /** The records named by the id filter, newest first, that pass the other filters. */
    private List<Feedback> byIds(String tenant, ScoreFilter filter) {
        var seen = new LinkedHashSet<String>();
        var found = new ArrayList<Feedback>();
        for (var id : filter.ids) {
            scores.find(tenant, id, false).filter(filter::matches).filter(f -> seen.add(f.id())).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(Feedback::id).reversed());
        return found;
    }

    private List<Feedback> collect(String tenant, ScoreFilter filter, int max) {
        return collectAfter(tenant, filter, null, max);
    }

    /** Walks the store's pages after {@code after}, keeping what the in-memory filters accept, up to {@code max}. */
    private List<Feedback> collectAfter(String tenant, ScoreFilter filter, String after, int max) {
        var kept = new ArrayList<Feedback>();
        scan(tenant, filter, after, FeedbackQuery.MAX_LIMIT, f -> {
            if (filter.accepts(f)) {
                kept.add(f);
            }
            return kept.size() < max;
        });
        return kept;
    }

    /** Page/limit over cursor pages: reads past the first {@code skip} rows (O(skip), documented). */
    private List<Feedback> skipTake(String tenant, ScoreFilter filter, int skip, int take) {
        var kept = new ArrayList<Feedback>();
        int[] seen = {0};
        scan(tenant, filter, null, Math.min(FeedbackQuery.MAX_LIMIT, skip + take), f -> {
            if (seen[0]++ >= skip) {
                kept.add(f);
            }
            return kept.size() < take;
        });
        return kept;
    }

    private void scan(String tenant, ScoreFilter filter, String after, int chunk, Predicate<Feedback> visitor) {
        var cursor = after;
        while (true) {
            var page = feedback.list(tenant, filter.query(cursor, chunk));
            for (var f : page.items()) {
                if (!visitor.test(f)) {
                    return;
                }
            }
            if (page.nextAfter() == null) {
                return;
            }
            cursor = page.nextAfter();
        }
    }
}
