package io.feedbackhub.api;

import io.feedbackhub.auth.EndUserTokens;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.Target;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Finds the caller's credential in the headers a door accepts, checks it, and remembers the result for the request.
 * A credential is an API key, or an end-user token ({@code fh_eut_…}), which acts as a browser credential bound to
 * one author (and optionally one thread, message and feedback name) instead of an origin allow-list.
 *
 * <p>Rate limits ({@link RateLimiter}): every request costs its key one token when it is authenticated; end-user
 * tokens have a bucket of their own per minting key. Browser callers (publishable keys and end-user tokens) are
 * also held to two limits once a door knows what they write: a request of several items (a native batch, a Langfuse
 * ingestion call) costs the key one token per item, and every write (create, batch, patch, delete, undo) costs its
 * end user one token of the per end user limit. Secret and admin keys pay one token per request and nothing more.
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

    /** Keys only: end-user tokens are refused. */
    public Credentials(KeyService keys, EndUserTokens tokens, RateLimiter limits) {
        this.keys = keys;
        this.tokens = tokens;
        this.limits = limits;
    }

    /** The token service behind this door's credentials, for minting (POST /v1/tokens); null when tokens are off. */
    EndUserTokens tokens() {
        return tokens;
    }

    /**
     * Per end user limit of browser writes (publishable keys and end-user tokens), once the author is known; every
     * door that writes feedback calls this (or {@link #checkConversation}) just before the write, a change or delete
     * of stored feedback with that feedback's author. Writes without an author share one bucket per key.
     */
    public void checkEndUser(Principal principal, String authorId) {
        checkEndUsers(principal, Collections.singletonList(authorId)); // not List.of: the author may be null
    }

    /**
     * {@link #checkEndUser} for the doors whose vendors name no end user (Scale, Contextual, VirtuousAI, Devic, Parea:
     * their browser writes carry no author, or the key as author). The conversation stands in for its one user: the
     * thread, else the message, else the trace. Not one bucket per key: that would hold all of an app's browsers
     * together to one person's allowance, which the per key limit already bounds.
     */
    public void checkConversation(Principal principal, Target target) {
        String conversation = target.threadId() != null ? "thread:" + target.threadId()
                : target.messageId() != null ? "message:" + target.messageId()
                : target.traceId() != null ? "trace:" + target.traceId() : "";
        checkEndUser(principal, "conversation:" + conversation);
    }

    /**
     * {@link #checkEndUser} for the authors of several writes at once (one per item), together with the key's token
     * for each item after the first: all are admitted, or none (429, nothing taken).
     */
    public void checkEndUsers(Principal principal, List<String> authorIds) {
        if (principal.role() != Role.PUBLISHABLE) {
            return;
        }
        var writesByAuthor = new LinkedHashMap<String, Integer>();
        authorIds.forEach(author -> writesByAuthor.merge(author == null ? "" : author, 1, Integer::sum));
        limits.checkWrites(keyBucketOf(principal), principal.keyId(), writesByAuthor);
    }

    /**
     * For a browser request of {@code items} writes whose end users are checked one by one (Langfuse's ingestion,
     * where each event succeeds or fails on its own): the key's token for each item after the first, all or none
     * (429). Without it one request, one token, could carry a thousand writes.
     */
    public void checkItems(Principal principal, int items) {
        if (principal.role() == Role.PUBLISHABLE) {
            limits.checkKeyItems(keyBucketOf(principal), items);
        }
    }

    /** The key bucket {@link #require} charged: end-user tokens have their own, apart from the minting key's. */
    private static String keyBucketOf(Principal principal) {
        return principal.isEndUser() ? "end-user-tokens:" + principal.keyId() : principal.keyId();
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
        if (EndUserTokens.looksLikeToken(presented)) {
            var principal = endUser(presented);
            ctx.attribute(ATTRIBUTE, principal);
            // A bucket of its own: browsers holding tokens must not spend the minting backend key's budget.
            limits.checkKey(keyBucketOf(principal));
            return principal;
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

    /** A caller that may read and write everything in its tenant (secret or admin key). */
    public Principal requireSecret(Context ctx, Source... sources) {
        var principal = require(ctx, sources);
        if (principal.isEndUser()) {
            throw HttpFailure.forbidden("an end-user token can only write its author's feedback on its target"
                    + " (and list that feedback); this needs a secret key");
        }
        if (!principal.role().canRead()) {
            throw HttpFailure.forbidden("a publishable key can only create feedback and change its own; this needs a secret key");
        }
        return principal;
    }

    /**
     * A secret or admin key, or an end-user token (whose reads the caller confines to its scope); publishable keys
     * are refused, as they read nothing.
     */
    public Principal requireSecretOrEndUser(Context ctx, Source... sources) {
        var principal = require(ctx, sources);
        return principal.isEndUser() ? principal : requireSecret(ctx, sources);
    }

    public Principal requireAdmin(Context ctx, Source... sources) {
        var principal = require(ctx, sources);
        if (!principal.role().canManageKeys()) {
            throw HttpFailure.forbidden("managing keys needs an admin key");
        }
        return principal;
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
        var principal = keys.authenticate(presented.strip())
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
