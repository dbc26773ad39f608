package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits over real HTTP: 429 with Retry-After in the door's own error shape. */
class RateLimitTest {
    @Test
    void a_key_over_its_rate_gets_429_with_retry_after() {
        try (var hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_RATE_LIMIT_PER_SECOND", "1", "FEEDBACK_HUB_RATE_LIMIT_BURST", "1"))) {
            int refused = 0;
            for (int i = 0; i < 5; i++) {
                var r = hub.api.get("/v1/feedback");
                if (r.status() == 429) {
                    refused++;
                    assertEquals("application/problem+json", r.header("Content-Type"));
                    assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
                }
            }
            assertTrue(refused >= 1, "five requests in a row against 1/s with a burst of 1");
        }
    }

    @Test
    void an_end_user_writing_through_a_publishable_key_is_limited_on_its_own() {
        try (var hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE", "1"))) {
            var browser = hub.api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));
            var vote = "{\"message_id\": \"m\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}";

            var first = browser.post("/v1/feedback", vote.formatted("alice"), "Origin", "https://a.example");
            var second = browser.post("/v1/feedback", vote.formatted("alice"), "Origin", "https://a.example");
            var other = browser.post("/v1/feedback", vote.formatted("bob"), "Origin", "https://a.example");

            assertEquals(201, first.status(), first.body());
            assertEquals(429, second.status());
            assertEquals("60", second.header("Retry-After"));
            assertEquals(201, other.status());
            assertEquals(200, hub.api.post("/v1/feedback", vote.formatted("alice")).status(), "secret keys have no end-user limit");
        }
    }
}
