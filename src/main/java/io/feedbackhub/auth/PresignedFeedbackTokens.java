package io.feedbackhub.auth;

import io.feedbackhub.core.Hashes;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.NamedSql;
import io.feedbackhub.store.NamedSql.Params;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * LangSmith's presigned feedback tokens. A token is a random UUID (122 bits from {@link java.security.SecureRandom},
 * the form LangSmith's SDKs parse out of a token URL); the table keeps only its SHA-256, so neither a database
 * reader nor a log can use one. A token works until it expires and while the key that created it is live:
 * revoking that key ends its tokens at once, on every node.
 *
 * <p>A credential like {@link EndUserTokens}, so it lives with them; the LangSmith door only translates its routes
 * onto this, as dialects store nothing themselves.
 */
public final class PresignedFeedbackTokens {
    private static final NamedSql INSERT = NamedSql.of("""
            INSERT INTO langsmith_feedback_tokens (tenant_id, token_hash, run_id, feedback_key, created_by_key, created_at, expires_at)
            VALUES (:tenant, :hash, :run_id, :key, :created_by, :now, :expires_at)""");
    private static final NamedSql FIND = NamedSql.of("""
            SELECT t.tenant_id, t.run_id, t.feedback_key, t.created_by_key, t.expires_at
            FROM langsmith_feedback_tokens t
            JOIN api_keys k ON k.tenant_id = t.tenant_id AND k.id = t.created_by_key
            WHERE t.token_hash = :hash AND k.revoked_at IS NULL""");
    /** Tokens expired for a day are of no use to anyone; minting clears its tenant's. */
    private static final NamedSql DELETE_EXPIRED = NamedSql.of(
            "DELETE FROM langsmith_feedback_tokens WHERE tenant_id = :tenant AND expires_at < :before");

    /** Authors of feedback given through a token URL: {@code langsmith-token:} and 128 bits of the token's hash. */
    public static final String HOLDER_PREFIX = "langsmith-token:";

    private final Database database;
    private final Clock clock;

    public PresignedFeedbackTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * A token the holder of its URL may use; what it grants travels in the row, not in the token. {@code holderId} is
     * the author its feedback is given as: its own, derived from the token's hash (never the token, a credential that
     * would then show in listings and exports), so a holder never writes over the backend's or another holder's.
     */
    public record Token(String tenantId, String runId, String feedbackKey, String createdByKey, Instant expiresAt, String holderId) {
    }

    /** What one token is to grant: feedback {@code feedbackKey} on run {@code runId}, until {@code expiresAt}. */
    public record Grant(String runId, String feedbackKey, Instant expiresAt) {
    }

    public record Minted(String id, Instant expiresAt) {
    }

    /**
     * Stores a new token for each grant, in one transaction with the clearing of the tenant's long-expired ones: all
     * are stored, or (on a failure) none; returns them in the grants' order.
     */
    public List<Minted> mint(String tenantId, String keyId, List<Grant> grants) {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var minted = new ArrayList<Minted>();
        database.inTransaction(c -> {
            try (var s = DELETE_EXPIRED.prepare(c, Params.of("tenant", tenantId).and("before", now.minus(1, ChronoUnit.DAYS).toEpochMilli()))) {
                s.executeUpdate();
            }
            for (var grant : grants) {
                var id = UUID.randomUUID().toString();
                try (var s = INSERT.prepare(c, Params.of("tenant", tenantId).and("hash", hash(id)).and("run_id", grant.runId())
                        .and("key", grant.feedbackKey()).and("created_by", keyId).and("now", now.toEpochMilli())
                        .and("expires_at", grant.expiresAt().toEpochMilli()))) {
                    s.executeUpdate();
                }
                minted.add(new Minted(id, grant.expiresAt()));
            }
            return minted.size();
        });
        return List.copyOf(minted);
    }

    /** The token, expired or not, when it is ours and its creating key is live; empty otherwise. */
    public Optional<Token> find(String presented) {
        if (presented == null || presented.length() > 64) {
            return Optional.empty();
        }
        var hash = hash(presented.toLowerCase(java.util.Locale.ROOT));
        return database.read(c -> {
            try (var s = FIND.prepare(c, Params.of("hash", hash)); var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<Token>empty();
                }
                return Optional.of(new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), HOLDER_PREFIX + hash.substring(0, 32)));
            }
        });
    }

    public boolean expired(Token token) {
        return !clock.instant().isBefore(token.expiresAt());
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Hashes.sha256(token));
    }
}
