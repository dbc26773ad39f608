package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.http.Credentials;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic as the Langfuse SDKs send it, {@code publicKey:secretKey}. The password is a Feedback Hub secret (or
 * admin) key and decides the tenant; the username may be anything non-empty, and when it is a Feedback Hub key it
 * must belong to the same tenant. With an empty password the username may be a publishable key: the browser case of
 * Langfuse's public-key-only score writes, allowed for score writes only. LangfuseWeb (npm {@code langfuse} 3.x,
 * langfuse-core {@code constructAuthorizationHeader}) sends that case as {@code Authorization: Bearer <publicKey>}
 * instead of Basic, which is read the same way.
 */
final class LangfuseCredentials {
    private static final String CREDENTIALS_EXPECTED =
            "HTTP Basic auth: any public key as username, a Feedback Hub secret key as password";

    private final Credentials credentials;
    private final KeyService keys;

    LangfuseCredentials(Credentials credentials, KeyService keys) {
        this.credentials = credentials;
        this.keys = keys;
    }

    /** The caller of a score write: a secret key, or (empty password, or Bearer) a publishable key. */
    Principal authenticate(Context ctx) {
        var bearer = bearer(ctx);
        if (bearer != null) {
            var principal = credentials.requirePresentedKey(ctx, bearer, CREDENTIALS_EXPECTED);
            if (principal.role() != Role.PUBLISHABLE) {
                throw LangfuseError.auth(401, "Invalid credentials: Bearer carries a publishable key (LangfuseWeb);"
                        + " send a secret key as HTTP Basic " + CREDENTIALS_EXPECTED);
            }
            return principal;
        }
        var basic = basic(ctx);
        if (basic[1].isEmpty()) {
            var principal = credentials.requirePresentedKey(ctx, basic[0], CREDENTIALS_EXPECTED);
            if (principal.role() != Role.PUBLISHABLE) {
                throw LangfuseError.auth(401, "Invalid credentials: put the secret key in the password, not the username");
            }
            return principal;
        }
        var principal = credentials.requirePresentedKey(ctx, basic[1], CREDENTIALS_EXPECTED);
        if (basic[0].startsWith("fh_")) {
            // A Feedback Hub key as public key must be one of the same tenant's, or the pair is a mix-up.
            var username = keys.authenticate(basic[0]);
            if (username.isEmpty() || !username.get().tenantId().equals(principal.tenantId())) {
                throw LangfuseError.auth(401, "Invalid credentials: the public key (username) is not a key of the"
                        + " secret key's tenant; use any other public key, or one of that tenant's publishable keys");
            }
        }
        return principal;
    }

    /** The key of {@code Authorization: Bearer <key>}, or null when the header has another scheme or none. */
    private static String bearer(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        var value = header.strip();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : null;
    }

    /** {@code [username, password]} of HTTP Basic auth, or 401 in Langfuse's words. */
    private static String[] basic(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw LangfuseError.auth(401, "No authorization header; expected " + CREDENTIALS_EXPECTED);
        }
        var value = header.strip();
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw LangfuseError.auth(401, "Invalid authorization header: expected " + CREDENTIALS_EXPECTED);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LangfuseError.auth(401, "Invalid authorization header: the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw LangfuseError.auth(401, "Invalid authorization header: the public key (username) must not be empty");
        }
        return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
