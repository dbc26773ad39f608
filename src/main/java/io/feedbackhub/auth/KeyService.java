package io.feedbackhub.auth;

import io.feedbackhub.auth.KeyStore.StoredKey;
import io.feedbackhub.core.CacheVersions;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.VersionedCache;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tenants and API keys. A key's secret is shown once, at creation; the store keeps only its SHA-256.
 * Keys carry 256 random bits, so a fast hash is enough (nothing to brute-force); the lookup goes by hash
 * and the final comparison is constant-time.
 *
 * <p>Lookups are cached by hash (never by secret) under the key version ({@link CacheVersions}): a revocation acts at
 * once on the node that made it and within a second on every other (docs/caching.md). Unknown hashes are cached apart
 * from known keys, so a flood of made-up keys cannot push a real one out.
 */
public final class KeyService {
    public static final int MIN_SECRET_LENGTH = 20;
    /** Far more keys than a deployment has; each entry is a few hundred bytes. */
    public static final int MAX_CACHED_KEYS = 10_000;
    /** Misses (made-up or mistyped keys) kept to answer a client that retries one; bounded, apart from the keys. */
    public static final int MAX_CACHED_UNKNOWN = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record KeyRef(String tenantId, String keyId) {
    }

    private final KeyStore store;
    private final Clock clock;
    private final VersionedCache<String, StoredKey> byHash;
    private final VersionedCache<KeyRef, ApiKey> byId;

    public KeyService(KeyStore store, CacheVersions versions, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.byHash = new VersionedCache<>(versions, CacheVersions.Topic.API_KEYS, MAX_CACHED_KEYS, MAX_CACHED_UNKNOWN);
        this.byId = new VersionedCache<>(versions, CacheVersions.Topic.API_KEYS, MAX_CACHED_KEYS, MAX_CACHED_UNKNOWN);
    }

    public Tenant createTenant(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInput(FieldError.of("name", "must be 1-200 characters"));
        }
        var tenant = new Tenant(Ids.newId(), name, now());
        store.addTenant(tenant);
        return tenant;
    }

    public List<Tenant> tenants() {
        return store.tenants();
    }

    public IssuedKey issue(String tenantId, Role role, String name, List<String> allowedOrigins) {
        return issue(tenantId, role, name, allowedOrigins, newSecret(role));
    }

    IssuedKey issue(String tenantId, Role role, String name, List<String> allowedOrigins, String secret) {
        if (tenants().stream().noneMatch(t -> t.id().equals(tenantId))) {
            throw new NotFound("tenant", tenantId);
        }
        var issued = newKey(tenantId, role, name, allowedOrigins, secret);
        store.addKey(stored(issued));
        return issued;
    }

    /**
     * On the first start against an empty store: a default tenant with one admin and one secret key, using
     * the operator's chosen secrets when given. Several nodes starting at once create it once.
     */
    public Optional<List<IssuedKey>> bootstrap(Optional<String> adminSecret, Optional<String> secretSecret) {
        adminSecret.ifPresent(s -> checkChosenSecret("FEEDBACK_HUB_INIT_ADMIN_KEY", s));
        secretSecret.ifPresent(s -> checkChosenSecret("FEEDBACK_HUB_INIT_SECRET_KEY", s));
        var tenant = new Tenant(Ids.newId(), "default", now());
        var admin = newKey(tenant.id(), Role.ADMIN, "bootstrap admin", List.of(), adminSecret.orElseGet(() -> newSecret(Role.ADMIN)));
        var secret = newKey(tenant.id(), Role.SECRET, "bootstrap secret", List.of(), secretSecret.orElseGet(() -> newSecret(Role.SECRET)));
        return store.addFirstTenant(tenant, List.of(stored(admin), stored(secret))) ? Optional.of(List.of(admin, secret)) : Optional.empty();
    }

    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        var hash = hash(presented);
        return byHash.get(hash, store::byHash)
                .filter(stored -> MessageDigest.isEqual(HexFormat.of().parseHex(stored.hash()), HexFormat.of().parseHex(hash)))
                .map(StoredKey::key)
                .filter(key -> key.revokedAt() == null)
                .map(key -> new Principal(key.tenantId(), key.id(), key.role(), key.allowedOrigins()));
    }

    /** The tenant's key {@code keyId} while it is live (what an end-user token's minting key must be), cached like a lookup by hash. */
    Optional<ApiKey> liveKey(String tenantId, String keyId) {
        return byId.get(new KeyRef(tenantId, keyId), ref -> store.byId(ref.tenantId(), ref.keyId()))
                .filter(key -> key.revokedAt() == null);
    }

    public List<ApiKey> list(String tenantId) {
        return store.keys(tenantId);
    }

    public void revoke(String tenantId, String keyId) {
        if (!store.revoke(tenantId, keyId, now())) {
            throw new NotFound("key", keyId);
        }
    }

    /** Replaces where a live publishable key may be used from; at once on this node, within a second on the others. */
    public ApiKey setAllowedOrigins(String tenantId, String keyId, List<String> origins) {
        var key = store.byId(tenantId, keyId).filter(k -> k.revokedAt() == null)
                .orElseThrow(() -> new NotFound("key", keyId));
        if (key.role() != Role.PUBLISHABLE) {
            throw new InvalidInput(FieldError.of("allowed_origins",
                    "only a publishable key has allowed origins; key " + keyId + " is a " + key.role().wire() + " key, usable from servers only"));
        }
        if (!store.setAllowedOrigins(tenantId, keyId, origins)) {
            throw new NotFound("key", keyId); // revoked meanwhile
        }
        return store.byId(tenantId, keyId).orElseThrow(() -> new NotFound("key", keyId));
    }

    /** For the operator's command line, which knows key ids but not tenants. */
    public boolean revokeAnyTenant(String keyId) {
        return store.revokeInAnyTenant(keyId, now());
    }

    private static void checkChosenSecret(String variable, String secret) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > 512 || secret.chars().anyMatch(ch -> ch <= ' ')) {
            throw new IllegalArgumentException(variable + " must be " + MIN_SECRET_LENGTH
                    + "-512 characters without spaces, got " + secret.length() + " characters");
        }
    }

    private IssuedKey newKey(String tenantId, Role role, String name, List<String> allowedOrigins, String secret) {
        var origins = allowedOrigins == null ? List.<String>of() : List.copyOf(allowedOrigins);
        var prefix = secret.substring(0, Math.min(secret.length(), role.prefix.length() + 4));
        return new IssuedKey(new ApiKey(Ids.newId(), tenantId, role, name, prefix, origins, now(), null), secret);
    }

    private static StoredKey stored(IssuedKey issued) {
        return new StoredKey(issued.key(), hash(issued.secret()));
    }

    private static String newSecret(Role role) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return role.prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        return HexFormat.of().formatHex(Hashes.sha256(secret));
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
