package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.json.Json;
import io.feedbackhub.http.Credentials;
import io.javalin.http.Context;

import java.util.Set;

import static io.feedbackhub.dialect.langfuse.QueryValues.DEFAULT_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.MAX_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.csv;
import static io.feedbackhub.dialect.langfuse.QueryValues.intParam;

/**
 * The routes that read scores: v2 pages (page/limit, also under the v1 path) and v3 cursor pages, and one score by
 * id. The filters, pages and totals are the store's ({@link ScoreFilter} translates them).
 */
final class ScoreReadRoutes {
    private final FeedbackService feedback;
    private final ScoreConfigs configs;
    private final Scores scores;

    ScoreReadRoutes(FeedbackService feedback, ScoreConfigs configs, Scores scores) {
        this.feedback = feedback;
        this.configs = configs;
        this.scores = scores;
    }

    void listV2(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1, issues);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configs.byName(tenant);
        var filter = ScoreFilterParams.v2Filter(ctx, configMap.keySet(), issues);
        var groups = csv(ctx.queryParam("fields"));
        issues.throwIfAny();
        boolean withTrace = groups == null || groups.contains("trace");

        var which = filter.resolved(tenant, scores);
        long total = feedback.count(tenant, which);
        var items = feedback.list(tenant, FeedbackQuery.of(which, limit).at((long) (page - 1) * limit)).items();
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v2(f, tenant, configMap, withTrace)));
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", total)
                .put("totalPages", (total + limit - 1) / limit);
        ctx.json(answer);
    }

    void getV2(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var score = scores.found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v2(score, tenant, configs.byName(tenant), false));
    }

    /** Cursor pages, newest first; the cursor is absent on the last page. */
    void listV3(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        var configMap = configs.byName(tenant);
        var filter = ScoreFilterParams.v3Filter(ctx, configMap.keySet(), issues);
        var groups = ScoreFilterParams.v3Groups(ctx, issues);
        issues.throwIfAny();
        var after = Cursor.decode(ctx.queryParam("cursor"));

        var found = feedback.list(tenant, FeedbackQuery.of(filter.resolved(tenant, scores), limit).after(after));
        var items = found.items();
        var next = found.nextAfter();
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        items.forEach(f -> data.add(ScoreJson.v3(f, tenant, configMap, groups)));
        var meta = answer.putObject("meta").put("limit", limit);
        if (next != null) {
            meta.put("cursor", Cursor.encode(next));
        }
        ctx.json(answer);
    }

    void getV3(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        var groups = ctx.queryParam("fields") == null ? Set.of("details", "subject", "annotation") : ScoreFilterParams.v3Groups(ctx, issues);
        issues.throwIfAny();
        var score = scores.found(tenant, ctx.pathParam("scoreId"));
        ctx.json(ScoreJson.v3(score, tenant, configs.byName(tenant), groups));
    }
}
