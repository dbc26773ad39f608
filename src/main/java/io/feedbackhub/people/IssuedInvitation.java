package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;

import java.time.Instant;

/** An invitation just made: its token (the store keeps its SHA-256) goes into the link that is sent to the person. */
public record IssuedInvitation(String token, String tenantId, String email, TeamRole role, Instant expiresAt) {
    /** The dashboard's page that accepts it, under {@code baseUrl} (no trailing slash). */
    public String link(String baseUrl) {
        return baseUrl + "/#invitation=" + token;
    }
}
