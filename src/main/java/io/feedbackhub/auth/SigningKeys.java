package io.feedbackhub.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployment's signing secrets, kept in the store so that every node signs and verifies with the same
 * ones. The first node to start creates the current secret; the others, racing it, keep the one that won
 * (insert-if-absent on a fixed id). A secret never changes once stored, so nodes cache what they have read.
 */
public final class SigningKeys {
    /** The id of the secret new end-user tokens are signed with; a rotation would add another id and switch to it. */
    static final String END_USER_TOKENS_V1 = "eut-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeyStore store;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public SigningKeys(SigningKeyStore store, Clock clock) {
        this.store = store;
        var fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        store.addIfAbsent(END_USER_TOKENS_V1, "end_user_tokens", fresh, clock.instant());
    }

    /** The id new end-user tokens name, and its secret. */
    String currentId() {
        return END_USER_TOKENS_V1;
    }

    /** The secret stored under {@code id}, or empty for an id this deployment never had. */
    Optional<byte[]> secret(String id) {
        var cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        var stored = store.secret(id);
        stored.ifPresent(secret -> cache.put(id, secret));
        return stored;
    }
}
