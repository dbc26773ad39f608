package io.feedbackhub.api;

import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed authentication attempts are throttled per client address (issue #13, item 7): after the allowance of a
 * minute, every credential from that address is refused with 429 and Retry-After in the door's own shape, before any
 * lookup, so guessing keys (or LangSmith token URLs) costs the guesser and not the database. Each test runs on its own
 * node (the allowance is per node and address, and every test request comes from 127.0.0.1). SQLite: the throttle is
 * in memory and no store is involved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedAuthenticationThrottleTest {
    static final int ALLOWED = 3;
    TestHub hub;

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_AUTH_FAILURES_PER_MINUTE", String.valueOf(ALLOWED)));
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    static void assertRetryAfter(io.feedbackhub.testing.Api.Response refused) {
        assertEquals(429, refused.status(), refused.toString());
        int seconds = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(seconds >= 1 && seconds <= 60, "a minute's allowance refills within 60 s: " + seconds);
    }

    @Test
    void after_the_minutes_allowance_of_wrong_keys_every_credential_from_the_address_gets_429_in_the_doors_shape() {
        try (var node = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_AUTH_FAILURES_PER_MINUTE", String.valueOf(ALLOWED)))) {
            var guesser = node.api.withKey("fh_secret_guess_" + UUID.randomUUID());
            for (int i = 0; i < ALLOWED; i++) {
                assertEquals(401, guesser.get("/v1/feedback").status(), "guess " + (i + 1) + " is an ordinary 401");
            }

            var nativeRefusal = guesser.get("/v1/feedback");
            var rightKey = node.api.get("/v1/feedback");
            var scale = node.api.put("/compat/scale/v4/threads/t/messages/m/feedback",
                    "{\"sentiment\": \"positive\", \"description\": \"d\"}", "x-api-key", TestHub.SECRET_KEY);
            var devic = node.api.post("/compat/devic/api/v1/agents/threads/t/feedback", "{\"messageId\": \"m\"}");
            var token = node.api.get("/v1/feedback?message_id=m", "Authorization", "Bearer fh_eut_a.b.c");

            assertRetryAfter(nativeRefusal);
            assertEquals("application/problem+json", nativeRefusal.header("Content-Type"));
            assertFalse(nativeRefusal.body().contains("fh_secret_guess_"), nativeRefusal.body());
            assertRetryAfter(rightKey); // refused before the lookup: the address cannot tell a right key from a guess
            assertRetryAfter(scale);
            assertTrue(scale.json().get("detail").isTextual(), "FastAPI's shape: " + scale.body());
            assertRetryAfter(devic);
            assertFalse(devic.json().get("success").asBoolean(), "Devic's envelope: " + devic.body());
            assertEquals(429, devic.json().get("statusCode").asInt(), devic.body());
            assertRetryAfter(token);
        }
    }

    @Test
    void right_keys_never_use_up_the_allowance() {
        for (int i = 0; i < 3 * ALLOWED; i++) {
            assertEquals(200, hub.api.get("/v1/feedback?limit=1").status());
        }
    }

    @Test
    void guessing_langsmith_token_urls_is_throttled_like_guessing_keys() {
        try (var node = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_AUTH_FAILURES_PER_MINUTE", String.valueOf(ALLOWED)))) {
            for (int i = 0; i < ALLOWED; i++) {
                assertEquals(404, node.api.get("/compat/langsmith/feedback/tokens/" + UUID.randomUUID() + "?score=1", "no-auth", "1").status());
            }

            var refused = node.api.get("/compat/langsmith/feedback/tokens/" + UUID.randomUUID() + "?score=1", "no-auth", "1");

            assertRetryAfter(refused);
            assertTrue(refused.json().get("detail").isTextual(), refused.body());
        }
    }
}
