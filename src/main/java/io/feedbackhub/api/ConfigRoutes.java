package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackConfig;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Set;

/** /v1/feedback-configs/{name}: the schema each feedback name must follow once defined. */
final class ConfigRoutes {
    private final ConfigService configs;

    ConfigRoutes(ConfigService configs) {
        this.configs = configs;
    }

    void declare(RouteTable routes) {
        routes.put("/v1/feedback-configs/{name}", Access.EDITOR, this::put);
        routes.get("/v1/feedback-configs/{name}", Access.VIEWER, ctx -> ctx.json(write(configs.get(tenant(ctx), ctx.pathParam("name")))));
        routes.get("/v1/feedback-configs", Access.VIEWER, ctx -> {
            var body = Json.object();
            var items = body.putArray("items");
            configs.list(tenant(ctx)).forEach(c -> items.add(write(c)));
            ctx.json(body);
        });
        routes.delete("/v1/feedback-configs/{name}", Access.EDITOR, ctx -> {
            configs.delete(tenant(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private void put(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("type", "labels", "min", "max", "allowed_reasons", "description"));
        var typeText = in.requiredString("type");
        FeedbackConfig.Type type = null;
        if (typeText != null) {
            try {
                type = FeedbackConfig.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                in.error("type", "must be one of reaction, boolean, numeric, categorical, text, got \"" + typeText + "\"", "enum");
            }
        }
        var config = new FeedbackConfig(ctx.pathParam("name"), type, in.strings("labels"), in.number("min"), in.number("max"),
                in.strings("allowed_reasons"), in.string("description"), null, null);
        in.throwIfInvalid();
        ctx.json(write(configs.put(tenant, config)));
    }

    static ObjectNode write(FeedbackConfig c) {
        var o = Json.object().put("name", c.name()).put("type", c.type().name().toLowerCase(Locale.ROOT));
        c.labels().forEach(o.putArray("labels")::add);
        if (c.min() == null) {
            o.putNull("min");
        } else {
            o.put("min", c.min());
        }
        if (c.max() == null) {
            o.putNull("max");
        } else {
            o.put("max", c.max());
        }
        c.allowedReasons().forEach(o.putArray("allowed_reasons")::add);
        return o.put("description", c.description())
                .put("created_at", FeedbackJson.iso(c.createdAt())).put("updated_at", FeedbackJson.iso(c.updatedAt()));
    }
}
