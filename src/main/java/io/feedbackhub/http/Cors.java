package io.feedbackhub.http;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cross-origin access to one door for browsers (the widget, pages holding a publishable key or an end-user token):
 * each door declares its rule next to its routes ({@link Door#cors()}) and the hub registers every door's rule under
 * its prefix, so a door added later answers preflights as the others do. Credentials travel in headers, never
 * cookies, so echoing the caller's origin grants nothing by itself: each request's key is still checked, and a
 * publishable key against its own origin allow-list (a page on another origin gets the door's 403, which it can read).
 *
 * <p>A preflight carries no credential, so it cannot be refused per key: it is answered for every origin, with the
 * headers the door's vendor clients send. Access-Control-Allow-Headers is an explicit list, not {@code *}, because
 * {@code *} does not cover {@code Authorization} (Fetch standard, "CORS-non-wildcard request-header name").
 *
 * @param allowedHeaders request headers the door's clients send besides the CORS-safelisted ones
 * @param exposedHeaders response headers a page may read besides the CORS-safelisted ones
 * @param methods        the methods the door serves
 */
public record Cors(List<String> allowedHeaders, List<String> exposedHeaders, List<String> methods) {
    /** What every door answers and a page may want: the request id to quote, when to retry, what a 405 allows. */
    private static final List<String> ALWAYS_EXPOSED = List.of("X-Request-Id", "Retry-After", "Allow");
    /** Headers every door reads: the JSON body's type, and the request id a client may bring. */
    private static final List<String> ALWAYS_ALLOWED = List.of("Content-Type", "X-Request-Id");
    /**
     * What the Stainless-generated TypeScript SDKs (Scale's {@code scale-gp}, Contextual's {@code contextual-client},
     * {@code langsmith} 0.12) add to every request; listed from langsmith 0.12.0's {@code core.js}.
     */
    public static final List<String> STAINLESS_HEADERS = List.of("X-Stainless-Arch", "X-Stainless-Lang", "X-Stainless-OS",
            "X-Stainless-Package-Version", "X-Stainless-Retry-Count", "X-Stainless-Runtime", "X-Stainless-Runtime-Version",
            "X-Stainless-Timeout", "Idempotency-Key");
    private static final String MAX_AGE_SECONDS = "600";

    public Cors {
        allowedHeaders = union(ALWAYS_ALLOWED, allowedHeaders);
        exposedHeaders = union(ALWAYS_EXPOSED, exposedHeaders);
        methods = List.copyOf(methods);
    }

    /**
     * The rule of a door that takes its key from {@code keyHeaders} (the same list it authenticates with, so a
     * header it accepts is a header a page may send), whose vendor clients also send {@code clientHeaders}, and
     * which serves {@code methods}.
     */
    public static Cors of(Credentials.Source[] keyHeaders, List<String> clientHeaders, String... methods) {
        var headers = Stream.concat(Stream.of(keyHeaders).map(source -> source.header), clientHeaders.stream()).toList();
        return new Cors(headers, List.of(), List.of(methods));
    }

    /** The same rule with more headers a page may read. */
    public Cors exposing(String... headers) {
        return new Cors(allowedHeaders, union(exposedHeaders, List.of(headers)), methods);
    }

    /** Answers preflights under {@code prefix} and lets pages read this door's answers. */
    public void register(Javalin app, String prefix) {
        var allowHeaders = String.join(", ", allowedHeaders);
        var allowMethods = String.join(", ", union(methods, List.of("OPTIONS")));
        var expose = String.join(", ", exposedHeaders);
        app.before(prefix + "/*", ctx -> allowOrigin(ctx, expose));
        app.options(prefix + "/*", ctx -> {
            ctx.header("Access-Control-Allow-Methods", allowMethods);
            ctx.header("Access-Control-Allow-Headers", allowHeaders);
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            ctx.status(204);
        });
    }

    private static void allowOrigin(Context ctx, String expose) {
        var origin = ctx.header("Origin");
        if (origin != null) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", expose);
            ctx.header("Vary", "Origin");
        }
    }

    private static List<String> union(List<String> first, List<String> second) {
        var names = new LinkedHashSet<String>();
        Stream.concat(first.stream(), second.stream())
                .filter(name -> names.stream().noneMatch(name::equalsIgnoreCase))
                .forEach(names::add);
        return List.copyOf(names);
    }
}
