package io.feedbackhub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenants and API keys as stored: a key by the SHA-256 of its secret, never the secret. Every change of a key also
 * raises the key cache's version ({@link io.feedbackhub.core.CacheVersions.Topic#API_KEYS}), in its transaction.
 */
public interface KeyStore {
    /** A key as stored, with the hash it is found by. */
    record StoredKey(ApiKey key, String hash) {
    }

    void addTenant(Tenant tenant);

    /** Oldest first. */
    List<Tenant> tenants();

    void addKey(StoredKey key);

    /**
     * On a store without tenants, adds {@code tenant} and its {@code keys} in one transaction, under the lock that
     * several nodes starting at once share; false (and nothing added) when the store has a tenant already.
     */
    boolean addFirstTenant(Tenant tenant, List<StoredKey> keys);

    /** The key whose secret hashes to {@code hash}, revoked or not. */
    Optional<StoredKey> byHash(String hash);

    /** The tenant's key {@code keyId}, revoked or not. */
    Optional<ApiKey> byId(String tenantId, String keyId);

    /** The tenant's keys by id, revoked ones included. */
    List<ApiKey> keys(String tenantId);

    /** Revokes the tenant's live key {@code keyId} as of {@code at}; false when it has no such live key. */
    boolean revoke(String tenantId, String keyId, Instant at);

    /** Replaces the allowed origins of the tenant's live publishable key {@code keyId}; false when it has no such key. */
    boolean setAllowedOrigins(String tenantId, String keyId, List<String> origins);

    /** {@link #revoke} for the operator's command line, which knows key ids but not tenants. */
    boolean revokeInAnyTenant(String keyId, Instant at);
}
