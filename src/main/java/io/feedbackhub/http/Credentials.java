package io.feedbackhub.http;

import io.feedbackhub.auth.EndUserTokens;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.people.Sessions;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Map;

/**
 * Finds the caller's credential in the headers a door accepts, checks it, and remembers the result for the request.
 * A credential is an API key, or an end-user token ({@code fh_eut_…}), which acts as a browser credential bound to
 * one author (and optionally one thread, message and feedback name) instead of an origin allow-list.
 *
 * <p>An anonymous id ({@code fh_anon_…}, from {@code POST /v1/anonymous-id}) is the same for a browser of a publishable
 * key: its author is one the hub made up for that browser, and it is held to the key's origins.
 *
 * <p>Rate limits ({@link RateLimiter}): every request costs its key one token when it is authenticated; end-user
 * tokens have a bucket of their own per minting key. Browser callers (publishable keys, anonymous ids and end-user
 * tokens) are also held to two limits, charged by the {@link WriteGate} every write passes: a request of several items
 * (a native batch, a Langfuse ingestion call) costs the key one token per item, and every write (create, batch,
 * patch, delete, undo) costs its end user one token of the per end user limit. Secret and admin keys pay one token per
 * request and nothing more. Failed authentication attempts are limited per client address.
 *
 * <p>Which callers a route admits is declared with the route ({@link Access}) and checked by {@link AccessGuard}.
 */
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
    private final EndUserTokens tokens;
    private final RateLimiter limits;
    private final Sessions sessions;

    /** Keys only: end-user tokens are refused. */
    public Credentials(KeyService keys, EndUserTokens tokens, RateLimiter limits) {
        this(keys, tokens, limits, null);
    }

    /** With {@code sessions}: a door that asks ({@link #requireKeyOrSession}) also admits signed-in people. */
    public Credentials(KeyService keys, EndUserTokens tokens, RateLimiter limits, Sessions sessions) {
        this.keys = keys;
        this.tokens = tokens;
        this.limits = limits;
        this.sessions = sessions;
    }

    /**
     * {@link #require}, or, when the request carries no key but the session cookie, the person of that session. A
     * request that changes something (any method but GET, HEAD and OPTIONS) must also carry the session's CSRF token
     * in {@value Sessions#CSRF_HEADER} (403 otherwise). A key wins over a cookie, so a script holding a key is never
     * mistaken for the browser it runs in.
     */
    public Principal requireKeyOrSession(Context ctx, Source... sources) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        var cookie = sessions == null ? null : SessionCookies.presented(ctx);
        boolean keyPresented = java.util.Arrays.stream(sources).anyMatch(s -> presentedIn(ctx, s) != null);
        if (cookie == null || keyPresented) {
            return require(ctx, sources);
        }
        var principal = sessions.check(cookie)
                .orElseThrow(() -> HttpFailure.unauthorized("your session has ended (signed out, expired or removed); sign in again"))
                .from(clientAddress(ctx));
        var method = ctx.method().name();
        if (!(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"))
                && !Sessions.csrfMatches(principal.person(), ctx.header(Sessions.CSRF_HEADER))) {
            throw HttpFailure.forbidden("a change made with a session cookie must carry the session's CSRF token in the "
                    + Sessions.CSRF_HEADER + " header (given at sign-in and by GET /v1/me)");
        }
        ctx.attribute(ATTRIBUTE, principal);
        limits.checkKey(principal.keyId());
        return principal;
    }

    /** The token service behind this door's credentials, for minting (POST /v1/tokens); null when tokens are off. */
    public EndUserTokens tokens() {
        return tokens;
    }

    /**
     * Per end user limit of browser writes (publishable keys, end-user tokens and anonymous ids), charged by the
     * {@link WriteGate} for {@code writes} writes at once, together with the key's token for each write after the
     * first: all are admitted, or none (429, nothing taken). The end user is the caller's identity, never what the
     * request names (an id a browser may rotate at will): a token's author; for an anonymous id or a publishable key
     * alone, the client address, since anyone can mint a fresh anonymous id.
     */
    void chargeWrites(Principal principal, int writes) {
        if (principal.role() != Role.PUBLISHABLE) {
            return;
        }
        limits.checkWrites(keyBucketOf(principal), principal.keyId(), Map.of(endUserOf(principal), writes));
    }

    /** Whom the per end user limit counts a browser write against: see {@link #chargeWrites}. */
    private static String endUserOf(Principal principal) {
        return principal.isVouchedEndUser() ? "author:" + principal.authorId() : "address:" + principal.clientAddress();
    }

    /**
     * For a browser request of {@code items} writes whose end users are charged one by one (Langfuse's ingestion,
     * where each event succeeds or fails on its own): the key's token for each item after the first, all or none
     * (429). Without it one request, one token, could carry a thousand writes.
     */
    void chargeItems(Principal principal, int items) {
        if (principal.role() == Role.PUBLISHABLE) {
            limits.checkKeyItems(keyBucketOf(principal), items);
        }
    }

    /**
     * The key bucket {@link #require} charged: end-user tokens have their own, apart from the minting backend key's;
     * anonymous ids are their publishable key's browsers and spend its budget.
     */
    private static String keyBucketOf(Principal principal) {
        return principal.isVouchedEndUser() ? "end-user-tokens:" + principal.keyId() : principal.keyId();
    }

    /**
     * The authenticated caller, or 401. Publishable keys and anonymous ids are held to their key's origin allow-list
     * here. Failed attempts are counted per client address, and an address over its allowance is refused (429) before
     * any lookup.
     */
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
        return authenticate(ctx, presented);
    }

    private Principal authenticate(Context ctx, String presented) {
        var address = clientAddress(ctx);
        limits.checkAuthFailures(address);
        Principal principal;
        try {
            principal = EndUserTokens.looksLikeToken(presented) ? endUser(presented)
                    : keys.authenticate(presented).orElseThrow(() -> HttpFailure.unauthorized("the API key is not valid or has been revoked"));
        } catch (HttpFailure unauthorized) {
            limits.authFailed(address);
            throw unauthorized;
        }
        principal = principal.from(address);
        if (principal.role() == Role.PUBLISHABLE && !principal.isVouchedEndUser()) {
            var origin = ctx.header("Origin");
            if (!principal.allowedOrigins().contains("*") && (origin == null || !principal.allowedOrigins().contains(origin))) {
                throw HttpFailure.forbidden((principal.isAnonymous() ? "this anonymous id" : "this publishable key")
                        + " may only be used from its key's allowed origins");
            }
        }
        ctx.attribute(ATTRIBUTE, principal);
        // A bucket of its own for tokens: browsers holding them must not spend the minting backend key's budget.
        limits.checkKey(keyBucketOf(principal));
        return principal;
    }

    /**
     * Where the request came from, as the per-address limits count it: the peer's IP address (the hub does not trust
     * forwarding headers, which any client can set); an IPv6 address by its /64, the block one subscriber holds.
     */
    public static String clientAddress(Context ctx) {
        var remote = ctx.req().getRemoteAddr();
        if (remote == null) {
            return "unknown";
        }
        try {
            var address = java.net.InetAddress.getByName(remote); // a literal from the socket: no name lookup
            if (address instanceof java.net.Inet6Address) {
                var bytes = address.getAddress();
                java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
                return java.net.InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return remote;
        }
    }

    private Principal endUser(String presented) {
        if (tokens == null) {
            throw HttpFailure.unauthorized("end-user tokens are not accepted here; send an API key");
        }
        try {
            return Principal.of(tokens.verify(presented));
        } catch (EndUserTokens.InvalidToken invalid) {
            throw HttpFailure.unauthorized(invalid.getMessage());
        }
    }

    /**
     * For a door that looks up a credential of its own by what the caller presents (LangSmith's feedback-token URLs):
     * the same per-address throttle of failed attempts, before the lookup. Call {@link #guessFailed} when it finds
     * nothing.
     */
    public void checkGuesses(Context ctx) {
        limits.checkAuthFailures(clientAddress(ctx));
    }

    public void guessFailed(Context ctx) {
        limits.authFailed(clientAddress(ctx));
    }

    /**
     * For doors whose clients carry the key where no {@link Source} looks (the Langfuse SDKs send it as the HTTP
     * Basic password): the checks of {@link #require} on an API key the door extracted itself. {@code expected}
     * tells the caller where the key should have been.
     */
    public Principal requirePresentedKey(Context ctx, String presented, String expected) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        if (presented == null || presented.isBlank()) {
            throw HttpFailure.unauthorized("an API key is required (" + expected + ")");
        }
        return authenticate(ctx, presented.strip());
    }

    /**
     * The caller {@link AccessGuard} admitted to this request's route. A handler of a route declared {@link Access#OPEN}
     * has none: asking is a bug in the route table.
     */
    public static Principal caller(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException(ctx.method() + " " + ctx.endpointHandlerPath() + " asks for its caller but is declared open");
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
