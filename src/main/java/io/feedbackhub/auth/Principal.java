package io.feedbackhub.auth;

import io.feedbackhub.core.Actor;

import java.util.List;

/**
 * The authenticated caller: which tenant, which key, what it may do. For an end-user token, {@code endUser} holds
 * its verified claims (the key is the one that minted it, the role that of a browser credential); null for keys.
 */
public record Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins, EndUserToken endUser) {
    public Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins) {
        this(tenantId, keyId, role, allowedOrigins, null);
    }

    /** An end user's token: a browser credential bound to its author and target rather than to an origin. */
    public static Principal of(EndUserToken token) {
        return new Principal(token.tenantId(), token.mintedByKeyId(), Role.PUBLISHABLE, List.of(), token);
    }

    public boolean isEndUser() {
        return endUser != null;
    }

    public Actor actor() {
        if (endUser != null) {
            return Actor.endUser(tenantId, keyId, endUser.scope());
        }
        return new Actor(tenantId, keyId, role == Role.PUBLISHABLE);
    }
}
