package io.feedbackhub.auth;

import io.feedbackhub.core.Hashes;

import java.time.Clock;
import java.time.Duration;
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
 * revoking that key ends its tokens at once, on every node (a token is looked up in the store on every use, uncached).
 *
 * <p>A credential like {@link EndUserTokens}, so it lives with them; the LangSmith door only translates its routes
 * onto this, as dialects store nothing themselves.
 */
public final class PresignedFeedbackTokens {
    /** Authors of feedback given through a token URL: {@code langsmith-token:} and 128 bits of the token's hash. */
    public static final String HOLDER_PREFIX = "langsmith-token:";

    /** Tokens expired for a day are of no use to anyone; minting clears its tenant's. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final PresignedTokenStore store;
    private final Clock clock;

    public PresignedFeedbackTokens(PresignedTokenStore store, Clock clock) {
        this.store = store;
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
        var hashed = new ArrayList<PresignedTokenStore.Hashed>();
        for (var grant : grants) {
            var id = UUID.randomUUID().toString();
            hashed.add(new PresignedTokenStore.Hashed(hash(id), grant));
            minted.add(new Minted(id, grant.expiresAt()));
        }
        store.add(tenantId, keyId, now, now.minus(KEPT_AFTER_EXPIRY), hashed);
        return List.copyOf(minted);
    }

    /** The token, expired or not, when it is ours and its creating key is live; empty otherwise. */
    public Optional<Token> find(String presented) {
        if (presented == null || presented.length() > 64) {
            return Optional.empty();
        }
        var hash = hash(presented.toLowerCase(java.util.Locale.ROOT));
        return store.findLive(hash).map(t -> new Token(t.tenantId(), t.runId(), t.feedbackKey(), t.createdByKey(), t.expiresAt(),
                HOLDER_PREFIX + hash.substring(0, 32)));
    }

    public boolean expired(Token token) {
        return !clock.instant().isBefore(token.expiresAt());
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Hashes.sha256(token));
    }
}
