package io.feedbackhub.api;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Cross-origin access to the native API for browsers (the widget, publishable keys). Credentials travel in
 * headers, never cookies, so echoing the caller's origin grants nothing by itself: each request's key is
 * still checked, and a publishable key against its own origin allow-list.
 */
final class Cors {
    private static final String ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, X-Request-Id";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private Cors() {
    }

    static void register(Javalin app) {
        app.before("/v1/*", Cors::allowOrigin);
        app.options("/v1/*", ctx -> {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
        });
    }

    private static void allowOrigin(Context ctx) {
        var origin = ctx.header("Origin");
        if (origin != null) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
            ctx.header("Vary", "Origin");
        }
    }
}
