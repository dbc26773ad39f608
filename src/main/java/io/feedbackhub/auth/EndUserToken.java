package io.feedbackhub.auth;

import io.feedbackhub.core.AuthorScope;

import java.time.Instant;

/** What a verified end-user token says: the tenant, the key that minted it, what it may touch, until when. */
public record EndUserToken(String tenantId, String mintedByKeyId, AuthorScope scope, Instant expiresAt) {
}
