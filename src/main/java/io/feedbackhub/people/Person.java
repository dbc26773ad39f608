package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;

import java.time.Instant;

/** A person of a tenant: their email (unique among the tenant's people), display name and role. */
public record Person(String id, String tenantId, String email, String name, TeamRole role, Instant createdAt) {
}
