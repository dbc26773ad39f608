package io.feedbackhub.auth;

import io.feedbackhub.core.AuthorScope;
import io.feedbackhub.store.Database;
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
        var keys = new KeyService(database, Clock.fixed(NOW, ZoneOffset.UTC));
        tenant = keys.createTenant("t").id();
        keyId = keys.issue(tenant, Role.SECRET, "backend", List.of()).key().id();
    }

    @AfterEach
    void close() {
        database.close();
    }

    EndUserTokens at(Instant instant, Database db) {
        var clock = Clock.fixed(instant, ZoneOffset.UTC);
        return new EndUserTokens(new SigningKeys(db, clock), db, clock, Duration.ofHours(1));
    }

    @Test
    void a_token_says_what_it_was_minted_for_until_it_expires() {
        var issued = at(NOW, database).mint(tenant, keyId, SCOPE, null);

        var verified = at(NOW.plus(Duration.ofMinutes(59)), database).verify(issued.token());
        var expired = assertThrows(EndUserTokens.InvalidToken.class,
                () -> at(NOW.plus(Duration.ofHours(1)), database).verify(issued.token()));

        assertEquals(new EndUserToken(tenant, keyId, SCOPE, NOW.plus(Duration.ofHours(1))), verified);
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
        var signing = new SigningKeys(database, clock);

        assertThrows(IllegalArgumentException.class, () -> new EndUserTokens(signing, database, clock, Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> new EndUserTokens(signing, database, clock, Duration.ofDays(2)));
    }
}
