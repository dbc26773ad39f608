package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.json.Json;
import io.feedbackhub.http.Credentials;
import io.javalin.http.Context;

import static io.feedbackhub.dialect.langfuse.QueryValues.DEFAULT_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.MAX_PAGE_SIZE;
import static io.feedbackhub.dialect.langfuse.QueryValues.intParam;

/** The score-config routes: list (page/limit), create, get and update; configs are feedback configs ({@link ScoreConfigs}). */
final class ScoreConfigRoutes {
    private final ScoreConfigs configs;

    ScoreConfigRoutes(ScoreConfigs configs) {
        this.configs = configs;
    }

    void list(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var issues = new LangfuseError.Issues();
        int page = intParam(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1, issues);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, issues);
        issues.throwIfAny();
        var all = configs.list(tenant);
        int from = Math.min((page - 1) * limit, all.size());
        var answer = Json.MAPPER.createObjectNode();
        var data = answer.putArray("data");
        all.subList(from, Math.min(from + limit, all.size())).forEach(c -> data.add(ScoreConfigs.json(c, tenant)));
        answer.putObject("meta").put("page", page).put("limit", limit).put("totalItems", all.size())
                .put("totalPages", (all.size() + limit - 1) / limit);
        ctx.json(answer);
    }

    void create(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        ctx.json(ScoreConfigs.json(configs.create(tenant, Json.parse(ctx.body())), tenant));
    }

    void get(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var config = configs.find(tenant, ctx.pathParam("configId"))
                .orElseThrow(() -> LangfuseError.notFound("Score config not found"));
        ctx.json(ScoreConfigs.json(config, tenant));
    }

    void update(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        ctx.json(ScoreConfigs.json(configs.update(tenant, ctx.pathParam("configId"), Json.parse(ctx.body())), tenant));
    }
}
