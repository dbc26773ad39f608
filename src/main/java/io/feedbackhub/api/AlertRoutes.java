package io.feedbackhub.api;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.webhooks.AlertJson;
import io.feedbackhub.webhooks.AlertService;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Set;

/** /v1/alerts (secret or admin keys): alert rules on the rollups, their state and their history. */
final class AlertRoutes {
    private static final Set<String> WRITABLE = Set.of("description", "filter", "window", "min_count", "condition", "compare", "enabled");

    private final AlertService alerts;

    AlertRoutes(AlertService alerts) {
        this.alerts = alerts;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/alerts", Access.EDITOR, ctx -> ctx.status(201).json(AlertJson.write(alerts.create(tenant(ctx), draft(ctx)))));
        routes.get("/v1/alerts", Access.VIEWER, ctx -> {
            var body = Json.object();
            var items = body.putArray("items");
            alerts.list(tenant(ctx)).forEach(r -> items.add(AlertJson.write(r)));
            ctx.json(body);
        });
        routes.get("/v1/alerts/{id}", Access.VIEWER, ctx -> ctx.json(AlertJson.write(alerts.get(tenant(ctx), ctx.pathParam("id")))));
        routes.patch("/v1/alerts/{id}", Access.EDITOR, ctx -> {
            var tenant = tenant(ctx);
            ctx.json(AlertJson.write(alerts.patch(tenant, ctx.pathParam("id"), draft(ctx))));
        });
        routes.delete("/v1/alerts/{id}", Access.EDITOR, ctx -> {
            alerts.delete(tenant(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.get("/v1/alerts/{id}/history", Access.VIEWER, this::history);
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private static AlertService.Draft draft(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(WRITABLE);
        var description = in.string("description");
        var window = in.string("window");
        var condition = in.string("condition");
        var compare = in.string("compare");
        var enabled = in.bool("enabled");
        Long minCount = null;
        var raw = in.raw("min_count");
        if (raw != null && !raw.isNull()) {
            if (raw.isIntegralNumber() && raw.canConvertToLong()) {
                minCount = raw.longValue();
            } else {
                in.error("min_count", "must be an integer, got " + JsonFields.kind(raw) + " " + raw, "int_type");
            }
        }
        in.throwIfInvalid();
        return new AlertService.Draft(description, in.raw("filter"), in.has("filter"), window, minCount, condition, compare, enabled);
    }

    private void history(Context ctx) {
        var tenant = tenant(ctx);
        var errors = new ArrayList<FieldError>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!name.equals("limit")) {
                errors.add(new FieldError(name, "is not a known parameter; known: [limit]", "extra_forbidden"));
            }
        }
        int limit = QueryParams.limit(ctx, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var body = Json.object();
        var items = body.putArray("items");
        alerts.history(tenant, ctx.pathParam("id"), limit).forEach(t -> items.add(AlertJson.transition(t)));
        ctx.json(body);
    }
}
