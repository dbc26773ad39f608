package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser credential (publishable key, end-user token) pays its key's rate limit per item written, not per
 * request: otherwise one request, one token, could carry a thousand writes. At 1 request/s with a burst of 10, a
 * batch of {@value #ITEMS} items from a full bucket is admitted and leaves a debt of 30 s, so the same credential's
 * next request is refused whatever the test's pace. Secret keys still pay one token per request.
 */
// the per end user limit, which for a browser key alone counts per client address (all of a test's requests
// come from 127.0.0.1), is off: this class is about the per-key limit
@HubTest(environment = {"FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=1", "FEEDBACK_HUB_RATE_LIMIT_BURST=10",
        "FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE=0"})
class BrowserBatchesPayPerItemTest {
    static final int ITEMS = 40;

    @Parameter
    TestHub hub;

    /** A native batch of {@value #ITEMS} thumbs-ups by {@code author}, each on a message of its own. */
    static String aBatchBy(String author) {
        return IntStream.range(0, ITEMS)
                .mapToObj(i -> "{\"message_id\": \"%s\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}".formatted(unique("m"), author))
                .collect(Collectors.joining(", ", "{\"items\": [", "]}"));
    }

    static void assertAllWritten(Api.Response batch) {
        assertEquals(200, batch.status(), batch.body());
        for (var result : batch.json().get("results")) {
            assertEquals(201, result.get("status").asInt(), batch.body());
        }
    }

    @Test
    void a_native_batch_by_a_publishable_key_costs_its_key_a_token_per_item() {
        var browser = hub.api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));
        var batch = browser.post("/v1/feedback/batch", aBatchBy(unique("alice")));

        var next = browser.post("/v1/feedback", "{\"message_id\": \"%s\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}"
                .formatted(unique("m"), unique("bob")));

        assertAllWritten(batch);
        assertEquals(429, next.status(), next.body());
        assertEquals("application/problem+json", next.header("Content-Type"));
        assertTrue(next.json().get("detail").asText().contains("this API key"), next.body());
    }

    @Test
    void a_native_batch_by_an_end_user_token_costs_the_tokens_bucket_a_token_per_item() {
        var author = unique("carol");
        var minted = hub.api.post("/v1/tokens", "{\"author_id\": \"%s\"}".formatted(author));
        assertEquals(201, minted.status(), minted.body());
        var browser = hub.api.withKey(minted.json().get("token").asText());
        var batch = browser.post("/v1/feedback/batch", aBatchBy(author));

        var next = browser.get("/v1/feedback?author_id=" + author);

        assertAllWritten(batch);
        assertEquals(429, next.status(), next.body());
    }

    @Test
    void a_native_batch_by_a_secret_key_costs_one_token() {
        var backend = hub.api.withKey(hub.issueKey(Role.SECRET, List.of()));
        var batch = backend.post("/v1/feedback/batch", aBatchBy(unique("dave")));

        var next = backend.get("/v1/feedback?limit=1");

        assertAllWritten(batch);
        assertEquals(200, next.status(), next.body());
    }

    @Test
    void a_langfuse_ingestion_by_a_publishable_key_costs_its_key_a_token_per_score() {
        var publishable = hub.issueKey(Role.PUBLISHABLE, List.of("*"));
        var auth = "Basic " + Base64.getEncoder().encodeToString((publishable + ":").getBytes(StandardCharsets.UTF_8));
        var events = IntStream.range(0, ITEMS).mapToObj(i -> """
                {"id": "%s", "type": "score-create", "timestamp": "2025-01-01T00:00:00Z",
                 "body": {"traceId": "%s", "name": "thumbs", "value": 1, "dataType": "BOOLEAN", "metadata": {"userId": "%s"}}}"""
                .formatted(unique("event"), unique("trace"), unique("user"))).collect(Collectors.joining(", ", "{\"batch\": [", "]}"));
        var ingested = hub.api.post("/compat/langfuse/api/public/ingestion", events, "Authorization", auth);

        var next = hub.api.post("/compat/langfuse/api/public/scores", """
                {"traceId": "%s", "name": "thumbs", "value": 1, "dataType": "BOOLEAN"}""".formatted(unique("trace")),
                "Authorization", auth);

        assertEquals(207, ingested.status(), ingested.body());
        assertEquals(ITEMS, ingested.json().get("successes").size(), ingested.body());
        assertEquals(429, next.status(), next.body());
        assertEquals("TooManyRequestsError", next.json().get("error").asText(), next.body());
    }
}
