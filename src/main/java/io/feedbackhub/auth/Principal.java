package io.feedbackhub.auth;

import io.feedbackhub.core.Actor;

import java.util.List;

/** The authenticated caller: which tenant, which key, what it may do. */
public record Principal(String tenantId, String keyId, Role role, List<String> allowedOrigins) {
    public Actor actor() {
        return new Actor(tenantId, keyId, role == Role.PUBLISHABLE);
    }
}
