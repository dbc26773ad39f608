package io.feedbackhub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** LangSmith's presigned feedback tokens as stored: by the SHA-256 of the token, never the token. */
public interface PresignedTokenStore {
    /** One token to store: its hash and what it grants. */
    record Hashed(String hash, PresignedFeedbackTokens.Grant grant) {
    }

    /** A stored token whose creating key is live. */
    record Live(String tenantId, String runId, String feedbackKey, String createdByKey, Instant expiresAt) {
    }

    /**
     * In one transaction: removes the tenant's tokens that expired before {@code expiredBefore} and stores {@code tokens},
     * created by key {@code keyId} at {@code now}; all are stored, or none.
     */
    void add(String tenantId, String keyId, Instant now, Instant expiredBefore, List<Hashed> tokens);

    /** The token with this hash, expired or not, while the key that created it is live. */
    Optional<Live> findLive(String hash);
}
