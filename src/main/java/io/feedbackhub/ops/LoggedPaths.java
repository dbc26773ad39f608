package io.feedbackhub.ops;

import io.javalin.http.Context;

/** How a request's path appears in logs and metrics: never a credential, and route templates for metrics. */
public final class LoggedPaths {
    private LoggedPaths() {
    }

    /**
     * The path as logged: a path parameter named {token} is a credential (a LangSmith feedback URL lets whoever
     * holds it write), so such a path is logged as its route template; secrets never reach the logs.
     */
    public static String of(Context ctx) {
        var route = route(ctx);
        return route.contains("{token}") ? route : ctx.path();
    }

    /** The matched route template (bounded label values for metrics), or "unmatched". */
    public static String route(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException noEndpointMatched) {
            return "unmatched";
        }
    }
}
