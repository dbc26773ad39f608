package io.feedbackhub.ops;

import io.javalin.http.Context;

/** How a request's path appears in logs and metrics: never a credential, and route templates for metrics. */
public final class LoggedPaths {
    private static final String ROUTE = "feedbackhub.route";

    private LoggedPaths() {
    }

    /**
     * Notes the matched route template, before the handler: once an after-handler has run, Javalin reports that
     * handler's own path ({@code *}) as the endpoint's, and the template would be lost to the logs and metrics.
     */
    public static void remember(Context ctx) {
        ctx.attribute(ROUTE, endpointPath(ctx));
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
        String remembered = ctx.attribute(ROUTE);
        return remembered != null ? remembered : endpointPath(ctx);
    }

    private static String endpointPath(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException noEndpointMatched) {
            return "unmatched";
        }
    }
}
