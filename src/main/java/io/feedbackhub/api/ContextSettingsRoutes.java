package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.context.KeepIfJudged;
import io.feedbackhub.core.ContextSampling;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Set;

/** /v1/settings/context: the tenant's keep-if-judged sampling (docs/context.md), read by viewers, set by admins. */
final class ContextSettingsRoutes {
    private final KeepIfJudged sampling;

    ContextSettingsRoutes(KeepIfJudged sampling) {
        this.sampling = sampling;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/settings/context", Access.VIEWER, ctx -> ctx.json(body(sampling.sampling(tenant(ctx)))));
        routes.put("/v1/settings/context", Access.ADMIN, this::put);
    }

    private static String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    /** A whole replacement: keep_if_judged is required, window_seconds defaults to a day. */
    private void put(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("keep_if_judged", "window_seconds"));
        var keep = in.bool("keep_if_judged");
        if (keep == null && (!in.has("keep_if_judged") || in.isNull("keep_if_judged"))) {
            in.error("keep_if_judged", "is required (true or false)", "required");
        }
        var window = in.number("window_seconds");
        if (window != null && window != Math.rint(window)) {
            in.error("window_seconds", "must be a whole number of seconds, got " + window, "integer");
        }
        in.throwIfInvalid();
        var seconds = window == null ? ContextSampling.DEFAULT_WINDOW : Duration.ofSeconds(window.longValue());
        ctx.json(body(sampling.put(tenant(ctx), keep, seconds)));
    }

    private ObjectNode body(ContextSampling s) {
        var o = Json.object().put("keep_if_judged", s.keepIfJudged()).put("window_seconds", s.window().toSeconds());
        o.putObject("buffer").put("max_traces", sampling.maxTraces()).put("max_bytes", sampling.maxBytes());
        return o.put("updated_at", s.updatedAt() == null ? null : FeedbackJson.iso(s.updatedAt()));
    }
}
