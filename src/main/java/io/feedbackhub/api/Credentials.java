package io.feedbackhub.api;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.javalin.http.Context;

import java.util.Locale;

/** Finds the caller's key in the headers a door accepts, checks it, and remembers the result for the request. */
public final class Credentials {
    /** Where a key may come from; each door lists the ones its vendor's clients use. */
    public enum Source {
        /** {@code Authorization: Bearer KEY} (also accepted without the scheme word). */
        AUTHORIZATION("Authorization"),
        X_API_KEY("X-API-Key"),
        VAI_TOKEN("vai_token"),
        X_USER_ID("x-user-id");

        final String header;

        Source(String header) {
            this.header = header;
        }
    }

    private static final String ATTRIBUTE = "feedbackhub.principal";
    private final KeyService keys;
    private final RateLimiter limits;

    public Credentials(KeyService keys, RateLimiter limits) {
        this.keys = keys;
        this.limits = limits;
    }

    /** Per end user limit of browser writes (publishable keys), once the author is known. */
    public void checkEndUser(Principal principal, String authorId) {
        if (principal.role() == Role.PUBLISHABLE) {
            limits.checkEndUser(principal.keyId(), authorId == null ? "" : authorId);
        }
    }

    /** The authenticated caller, or 401. Publishable keys are held to their origin allow-list here. */
    public Principal require(Context ctx, Source... sources) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String presented = null;
        for (var source : sources) {
            presented = presentedIn(ctx, source);
            if (presented != null) {
                break;
            }
        }
        if (presented == null) {
            throw HttpFailure.unauthorized("an API key is required (" + describe(sources) + ")");
        }
        var principal = keys.authenticate(presented)
                .orElseThrow(() -> HttpFailure.unauthorized("the API key is not valid or has been revoked"));
        if (principal.role() == Role.PUBLISHABLE) {
            var origin = ctx.header("Origin");
            if (!principal.allowedOrigins().contains("*") && (origin == null || !principal.allowedOrigins().contains(origin))) {
                throw HttpFailure.forbidden("this publishable key may only be used from its allowed origins");
            }
        }
        ctx.attribute(ATTRIBUTE, principal);
        limits.checkKey(principal.keyId());
        return principal;
    }

    /** A caller that may read and write everything in its tenant (secret or admin key). */
    public Principal requireSecret(Context ctx, Source... sources) {
        var principal = require(ctx, sources);
        if (!principal.role().canRead()) {
            throw HttpFailure.forbidden("a publishable key can only create feedback and change its own; this needs a secret key");
        }
        return principal;
    }

    public Principal requireAdmin(Context ctx, Source... sources) {
        var principal = require(ctx, sources);
        if (!principal.role().canManageKeys()) {
            throw HttpFailure.forbidden("managing keys needs an admin key");
        }
        return principal;
    }

    /** The caller authenticated earlier in this request, if any (for logs). */
    public static java.util.Optional<Principal> principalOf(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    private static String presentedIn(Context ctx, Source source) {
        var value = ctx.header(source.header);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.strip();
        if (source == Source.AUTHORIZATION && value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            value = value.substring("bearer ".length()).strip();
        }
        return value;
    }

    private static String describe(Source... sources) {
        var names = new StringBuilder();
        for (var s : sources) {
            names.append(names.isEmpty() ? "" : " or ").append(s == Source.AUTHORIZATION ? "Authorization: Bearer <key>" : s.header + " header");
        }
        return names.toString();
    }
}
