package io.feedbackhub.store;

import io.feedbackhub.auth.PresignedTokenStore;
import io.feedbackhub.store.NamedSql.Params;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** LangSmith's presigned feedback tokens in SQLite or PostgreSQL, by hash; a token is live while its creating key is. */
public final class JdbcPresignedTokenStore implements PresignedTokenStore {
    private static final NamedSql INSERT = NamedSql.of("""
            INSERT INTO langsmith_feedback_tokens (tenant_id, token_hash, run_id, feedback_key, created_by_key, created_at, expires_at)
            VALUES (:tenant, :hash, :run_id, :key, :created_by, :now, :expires_at)""");
    private static final NamedSql FIND_LIVE = NamedSql.of("""
            SELECT t.tenant_id, t.run_id, t.feedback_key, t.created_by_key, t.expires_at
            FROM langsmith_feedback_tokens t
            JOIN api_keys k ON k.tenant_id = t.tenant_id AND k.id = t.created_by_key
            WHERE t.token_hash = :hash AND k.revoked_at IS NULL""");
    private static final NamedSql DELETE_EXPIRED = NamedSql.of(
            "DELETE FROM langsmith_feedback_tokens WHERE tenant_id = :tenant AND expires_at < :before");

    private final Database database;

    public JdbcPresignedTokenStore(Database database) {
        this.database = database;
    }

    @Override
    public void add(String tenantId, String keyId, Instant now, Instant expiredBefore, List<Hashed> tokens) {
        database.inTransaction(c -> {
            try (var s = DELETE_EXPIRED.prepare(c, Params.of("tenant", tenantId).and("before", expiredBefore.toEpochMilli()))) {
                s.executeUpdate();
            }
            for (var token : tokens) {
                var grant = token.grant();
                try (var s = INSERT.prepare(c, Params.of("tenant", tenantId).and("hash", token.hash()).and("run_id", grant.runId())
                        .and("key", grant.feedbackKey()).and("created_by", keyId).and("now", now.toEpochMilli())
                        .and("expires_at", grant.expiresAt().toEpochMilli()))) {
                    s.executeUpdate();
                }
            }
            return tokens.size();
        });
    }

    @Override
    public Optional<Live> findLive(String hash) {
        return database.read(c -> {
            try (var s = FIND_LIVE.prepare(c, Params.of("hash", hash)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Live(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)))) : Optional.<Live>empty();
            }
        });
    }
}
