package io.feedbackhub.web;

import io.javalin.Javalin;

/**
 * {@code /widget.js}: the {@code <feedback-buttons>} web component that app pages load from the hub. Any origin may
 * load it (it holds no secret); it talks to /v1 with the end-user token or publishable key the page gives it.
 */
public final class WidgetRoutes {
    private final String script = WebAssets.read("/web/widget.js");

    public void register(Javalin app) {
        app.get("/widget.js", ctx -> ctx
                .header("Access-Control-Allow-Origin", "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .header("X-Content-Type-Options", "nosniff")
                // short: pages pick up a new widget soon after an upgrade, yet a busy page does not ask on every view
                .header("Cache-Control", "public, max-age=300")
                .contentType("text/javascript; charset=utf-8")
                .result(script));
    }
}
