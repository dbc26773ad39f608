package io.feedbackhub.store;

import io.feedbackhub.auth.SigningKeyStore;
import io.feedbackhub.store.NamedSql.Params;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Signing secrets in SQLite or PostgreSQL, base64 in a text column; insert-if-absent on the fixed id. */
public final class JdbcSigningKeyStore implements SigningKeyStore {
    private static final NamedSql INSERT_IF_ABSENT = NamedSql.of("""
            INSERT INTO signing_keys (id, purpose, secret, created_at) VALUES (:id, :purpose, :secret, :now)
            ON CONFLICT (id) DO NOTHING""");
    private static final NamedSql BY_ID = NamedSql.of("SELECT secret FROM signing_keys WHERE id = :id");

    private final Database database;

    public JdbcSigningKeyStore(Database database) {
        this.database = database;
    }

    @Override
    public void addIfAbsent(String id, String purpose, byte[] secret, Instant at) {
        database.inTransaction(c -> {
            try (var s = INSERT_IF_ABSENT.prepare(c, Params.of("id", id).and("purpose", purpose)
                    .and("secret", Base64.getEncoder().encodeToString(secret)).and("now", at.toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<byte[]> secret(String id) {
        return database.read(c -> {
            try (var s = BY_ID.prepare(c, Params.of("id", id)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Base64.getDecoder().decode(rs.getString(1))) : Optional.<byte[]>empty();
            }
        });
    }
}
