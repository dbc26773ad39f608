package io.feedbackhub.auth;

import java.time.Instant;
import java.util.List;

/** A key as listed: never its secret, only the prefix that helps a human recognise it. */
public record ApiKey(String id, String tenantId, Role role, String name, String prefix, List<String> allowedOrigins,
                     Instant createdAt, Instant revokedAt) {
    public ApiKey {
        allowedOrigins = List.copyOf(allowedOrigins); // shared by every request a cached lookup answers
    }
}
