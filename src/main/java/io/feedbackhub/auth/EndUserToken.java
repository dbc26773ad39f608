package io.feedbackhub.auth;

import io.feedbackhub.core.AuthorScope;

import java.time.Instant;
import java.util.List;

/**
 * What a verified end-user token or anonymous id says: the tenant, the key that minted it, what it may touch, until
 * when. An anonymous id ({@code anonymous}) was minted by a publishable key for a random author and is held to that
 * key's {@code allowedOrigins}; a token was vouched for by a backend and is held to its scope alone.
 */
public record EndUserToken(String tenantId, String mintedByKeyId, AuthorScope scope, Instant expiresAt, boolean anonymous,
                           List<String> allowedOrigins) {
    public EndUserToken {
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
