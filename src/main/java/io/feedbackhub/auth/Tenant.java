package io.feedbackhub.auth;

import java.time.Instant;

public record Tenant(String id, String name, Instant createdAt) {
}
