package io.feedbackhub.web;

import io.javalin.Javalin;
import io.javalin.http.ContentType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The native API's OpenAPI document at /openapi.json and the page that renders it at /docs; no key needed.
 * Both are read from the classpath once, at start, so a jar missing either fails to start instead of
 * answering 500 later.
 */
public final class DocsRoutes {
    private final String document = resource("/openapi.json");
    private final String page = resource("/web/docs.html");

    public void register(Javalin app) {
        app.get("/openapi.json", ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(document));
        app.get("/docs", ctx -> ctx.html(page));
    }

    private static String resource(String name) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }
}
