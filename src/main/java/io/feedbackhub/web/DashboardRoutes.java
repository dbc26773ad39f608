package io.feedbackhub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard at {@code /}: one HTML page, its script and its style, all shipped in the jar (nodes often have no
 * internet, so no CDN). No key is needed to load them; the page asks for a secret key, keeps it in the tab's
 * session storage and sends it in headers to the public /v1 API, which is all the page uses.
 */
public final class DashboardRoutes {
    /**
     * Only this page's own files; no inline script or style, no other origin. Its fetches go to this origin's /v1
     * API, and it cannot be framed (a key typed into a framed page could be clickjacked).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final String page = WebAssets.read("/web/dashboard/index.html");
    /** The page's files; a script added to index.html is added here too. */
    private static final List<String> FILES = List.of(
            "dashboard.js",
            "dashboard.css",
            "team.js",
            "integrations.js",
            "review.js",
            "conversations.js",
            "account.js");

    private final Map<String, Asset> assets = FILES.stream().collect(Collectors.toUnmodifiableMap(file -> file,
            file -> new Asset(file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
                    WebAssets.read("/web/dashboard/" + file))));

    private record Asset(String contentType, String text) {
    }

    public void register(Javalin app) {
        app.get("/", ctx -> {
            secure(ctx);
            ctx.html(page);
        });
        app.get("/assets/{file}", ctx -> {
            var asset = assets.get(ctx.pathParam("file"));
            if (asset == null) {
                throw new NotFoundResponse("no dashboard asset " + ctx.pathParam("file") + "; there are " + assets.keySet());
            }
            secure(ctx);
            ctx.contentType(asset.contentType()).result(asset.text());
        });
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        // The files change with the jar; a revalidation per load is cheap next to a stale dashboard after an upgrade.
        ctx.header("Cache-Control", "no-cache");
    }
}
