package io.feedbackhub.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FEEDBACK_HUB_END_USER_TOKEN_TTL: an hour unless set, in seconds or with a unit, from a minute to a day. */
class EndUserTokenConfigTest {
    @Test
    void end_user_tokens_live_an_hour_by_default() {
        assertEquals(Duration.ofHours(1), Config.from(Map.of()).endUserTokenTtl());
    }

    @Test
    void the_lifetime_is_given_in_seconds_or_with_a_unit() {
        assertEquals(Duration.ofSeconds(900), Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "900")).endUserTokenTtl());
        assertEquals(Duration.ofSeconds(90), Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "90s")).endUserTokenTtl());
        assertEquals(Duration.ofMinutes(30), Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "30m")).endUserTokenTtl());
        assertEquals(Duration.ofHours(2), Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "2h")).endUserTokenTtl());
        assertTrue(Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", "2h")).describe().contains("end_user_token_ttl=7200s"));
    }

    @Test
    void a_lifetime_out_of_range_or_unreadable_stops_the_start_naming_the_variable() {
        for (var bad : new String[]{"10", "2d", "48h", "soon", "-5"}) {
            var refused = assertThrows(IllegalArgumentException.class,
                    () -> Config.from(Map.of("FEEDBACK_HUB_END_USER_TOKEN_TTL", bad)), bad);

            assertTrue(refused.getMessage().startsWith("FEEDBACK_HUB_END_USER_TOKEN_TTL must be a duration from 60 s to 86400 s"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("\"" + bad + "\""), refused.getMessage());
        }
    }
}
