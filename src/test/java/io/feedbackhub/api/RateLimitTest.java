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
    void an_end_user_is_limited_by_its_identity_not_by_the_author_ids_a_request_names() {
        try (var hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE", "1"))) {
            var browser = hub.api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));
            var vote = "{\"message_id\": \"m-%s\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}";
            var carol = hub.api.withKey(hub.api.post("/v1/tokens", "{\"author_id\": \"carol\"}").json().get("token").asText());

            var first = browser.post("/v1/feedback", vote.formatted(1, "alice"), "Origin", "https://a.example");
            var second = browser.post("/v1/feedback", vote.formatted(2, "alice"), "Origin", "https://a.example");
            var other = browser.post("/v1/feedback", vote.formatted(3, "bob"), "Origin", "https://a.example");
            var signedIn = carol.post("/v1/feedback", vote.formatted(4, "carol"));
            var signedInAgain = carol.post("/v1/feedback", vote.formatted(5, "carol"));

            assertEquals(201, first.status(), first.body());
            assertEquals(429, second.status());
            assertEquals("60", second.header("Retry-After"));
            assertEquals(429, other.status(), "a key alone is limited per client address, whatever author it names");
            assertEquals(201, signedIn.status(), "a signed-in user has an allowance of her own: " + signedIn.body());
            assertEquals(429, signedInAgain.status());
            assertEquals(201, hub.api.post("/v1/feedback", vote.formatted(6, "alice")).status(), "secret keys have no end-user limit");
        }
    }
}
