package io.feedbackhub.auth;

import io.feedbackhub.core.AuthorScope;
import io.feedbackhub.core.CacheVersions;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcCacheVersions;
import io.feedbackhub.store.JdbcKeyStore;
import io.feedbackhub.store.JdbcSigningKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing and checking end-user tokens on a real store, with the clock moved instead of waited for. */
class EndUserTokensTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final AuthorScope SCOPE = new AuthorScope("user-1", "thread-1", "msg-1", "reaction");

    @TempDir
    Path dir;
    Database database;
    String tenant;
    String keyId;

    @BeforeEach
    void open() {
        database = Database.sqlite(dir.resolve("one"), 2);
        database.migrate();
        var keys = keys(database, Clock.fixed(NOW, ZoneOffset.UTC));
        tenant = keys.createTenant("t").id();
        keyId = keys.issue(tenant, Role.SECRET, "backend", List.of()).key().id();
    }

    @AfterEach
    void close() {
        database.close();
    }

    EndUserTokens at(Instant instant, Database db) {
        var clock = Clock.fixed(instant, ZoneOffset.UTC);
        return new EndUserTokens(new SigningKeys(new JdbcSigningKeyStore(db), clock), keys(db, clock), clock, Duration.ofHours(1));
    }

    /** Uncached: every check reads the store. */
    static KeyService keys(Database db, Clock clock) {
        return new KeyService(new JdbcKeyStore(db, new JdbcCacheVersions(db)), CacheVersions.NONE, clock);
    }

    @Test
    void a_token_says_what_it_was_minted_for_until_it_expires() {
        var issued = at(NOW, database).mint(tenant, keyId, SCOPE, null);

        var verified = at(NOW.plus(Duration.ofMinutes(59)), database).verify(issued.token());
        var expired = assertThrows(EndUserTokens.InvalidToken.class,
                () -> at(NOW.plus(Duration.ofHours(1)), database).verify(issued.token()));

        assertEquals(new EndUserToken(tenant, keyId, SCOPE, NOW.plus(Duration.ofHours(1)), false, List.of()), verified);
        assertTrue(expired.getMessage().contains("expired at 2026-11-23T11:00:00Z"), expired.getMessage());
    }

    @Test
    void its_claims_are_a_readable_jwt_behind_the_prefix() {
        var token = at(NOW, database).mint(tenant, keyId, SCOPE, Duration.ofMinutes(5)).token();

        var parts = token.substring(EndUserTokens.PREFIX.length()).split("\\.");
        var header = new String(Base64.getUrlDecoder().decode(parts[0]));
        var claims = new String(Base64.getUrlDecoder().decode(parts[1]));

        assertTrue(header.contains("\"alg\":\"HS256\""), header);
        assertTrue(claims.contains("\"sub\":\"user-1\"") && claims.contains("\"message_id\":\"msg-1\""), claims);
        assertTrue(claims.contains("\"exp\":" + NOW.plus(Duration.ofMinutes(5)).getEpochSecond()), claims);
    }

    @Test
    void the_signing_secret_is_made_once_per_store_and_shared_by_every_node() {
        var token = at(NOW, database).mint(tenant, keyId, SCOPE, null).token();

        var secondNode = at(NOW, database); // a second SigningKeys on the same store keeps the first secret

        assertEquals(SCOPE, secondNode.verify(token).scope());
    }

    @Test
    void another_deployments_token_is_refused() {
        var other = Database.sqlite(dir.resolve("other"), 2);
        try {
            other.migrate();
            var foreign = at(NOW, other).mint(tenant, keyId, SCOPE, null).token();

            var refused = assertThrows(EndUserTokens.InvalidToken.class, () -> at(NOW, database).verify(foreign));

            assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void a_default_lifetime_outside_a_minute_to_a_day_is_refused_at_start() {
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var signing = new SigningKeys(new JdbcSigningKeyStore(database), clock);
        var keys = keys(database, clock);

        assertThrows(IllegalArgumentException.class, () -> new EndUserTokens(signing, keys, clock, Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> new EndUserTokens(signing, keys, clock, Duration.ofDays(2)));
    }

    @Test
    void a_token_has_one_encoding_only_its_signature_in_canonical_base64url() {
        var token = at(NOW, database).mint(tenant, keyId, SCOPE, null).token();
        var tokens = at(NOW, database);
        var signature = token.substring(token.lastIndexOf('.') + 1);
        var body = token.substring(0, token.lastIndexOf('.') + 1);
        // The last of 43 characters carries 4 bits and 2 unused ones, which must be zero: flipping them decodes to
        // the same bytes, and base64 with padding or in its standard alphabet decodes to them too.
        var last = signature.charAt(signature.length() - 1);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var strayBits = body + signature.substring(0, signature.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        var padded = token + "=";
        var standard = body + Base64.getEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(signature));

        assertEquals(SCOPE, tokens.verify(token).scope());
        for (var variant : List.of(strayBits, padded, standard)) {
            if (!variant.equals(token)) {
                var refused = assertThrows(EndUserTokens.InvalidToken.class, () -> tokens.verify(variant), variant);
                assertTrue(refused.getMessage().contains("malformed"), refused.getMessage());
            }
        }
        assertTrue(!strayBits.equals(token) && !padded.equals(token), "the variants differ from the token");
    }

    @Test
    void an_anonymous_id_is_minted_by_a_publishable_key_and_cannot_pass_for_a_token() {
        var keys = keys(database, Clock.fixed(NOW, ZoneOffset.UTC));
        var browserKey = keys.issue(tenant, Role.PUBLISHABLE, "app", List.of("https://app.example")).key();
        var tokens = at(NOW, database);
        var anonymous = tokens.mintAnonymous(new Principal(tenant, browserKey.id(), Role.PUBLISHABLE, browserKey.allowedOrigins()));

        var verified = tokens.verify(anonymous.token());
        var relabelled = EndUserTokens.PREFIX + anonymous.token().substring(EndUserTokens.ANONYMOUS_PREFIX.length());

        assertTrue(anonymous.token().startsWith(EndUserTokens.ANONYMOUS_PREFIX), anonymous.token());
        assertTrue(verified.anonymous());
        assertEquals(List.of("https://app.example"), verified.allowedOrigins());
        assertEquals(java.util.UUID.fromString(verified.scope().authorId()).toString(), verified.scope().authorId());
        assertEquals(new AuthorScope(verified.scope().authorId(), null, null, null), verified.scope());
        assertThrows(EndUserTokens.InvalidToken.class, () -> tokens.verify(relabelled));
        assertTrue(!tokens.mintAnonymous(new Principal(tenant, browserKey.id(), Role.PUBLISHABLE, List.of("*")))
                .claims().scope().authorId().equals(verified.scope().authorId()), "each browser gets its own author");
    }
}
