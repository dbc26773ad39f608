package io.feedbackhub.auth;

import io.feedbackhub.store.Database;
import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployment's signing secrets, kept in the database so that every node signs and verifies with the same
 * ones. The first node to start creates the current secret; the others, racing it, keep the one that won
 * (insert-if-absent on a fixed id). A secret never changes once stored, so nodes cache what they have read.
 */
public final class SigningKeys {
    /** The id of the secret new end-user tokens are signed with; a rotation would add another id and switch to it. */
    static final String END_USER_TOKENS_V1 = "eut-1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NamedSql INSERT_IF_ABSENT = NamedSql.of("""
            INSERT INTO signing_keys (id, purpose, secret, created_at) VALUES (:id, :purpose, :secret, :now)
            ON CONFLICT (id) DO NOTHING""");
    private static final NamedSql BY_ID = NamedSql.of("SELECT secret FROM signing_keys WHERE id = :id");

    private final Database database;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public SigningKeys(Database database, Clock clock) {
        this.database = database;
        var fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        database.inTransaction(c -> {
            try (var s = INSERT_IF_ABSENT.prepare(c, Params.of("id", END_USER_TOKENS_V1).and("purpose", "end_user_tokens")
                    .and("secret", Base64.getEncoder().encodeToString(fresh)).and("now", clock.millis()))) {
                return s.executeUpdate();
            }
        });
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
        Optional<byte[]> stored = database.read(c -> {
            try (var s = BY_ID.prepare(c, Params.of("id", id)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Base64.getDecoder().decode(rs.getString(1))) : Optional.<byte[]>empty();
            }
        });
        stored.ifPresent(secret -> cache.put(id, secret));
        return stored;
    }
}
