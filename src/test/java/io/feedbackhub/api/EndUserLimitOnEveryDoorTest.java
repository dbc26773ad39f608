package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.util.List;
import java.util.UUID;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per end user limit of browser writes holds at every door that writes feedback, not only at
 * {@code POST /v1/feedback}: 429 with Retry-After in the door's own error shape, and nothing written. At one write
 * per minute an end user's second write is always over the limit. The seed dialects name no end user, so there the
 * conversation (thread, else message, else trace) stands in for its user.
 */
@HubTest(environment = {"FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE=1"})
class EndUserLimitOnEveryDoorTest {
    @Parameter
    TestHub hub;

    /** A browser's publishable key, usable from any origin. */
    String aBrowserKey() {
        return hub.issueKey(Role.PUBLISHABLE, List.of("*"));
    }

    /** A browser with an identity: the anonymous id the hub hands a browser of a new publishable key. */
    String anAnonymousBrowser() {
        var minted = hub.api.withKey(aBrowserKey()).post("/v1/anonymous-id", "");
        assertEquals(201, minted.status(), minted.body());
        return minted.json().get("anonymous_id").asText();
    }

    /** A browser whose backend vouched for its user: an end-user token for a new author. */
    String aSignedInBrowser(String author) {
        var minted = hub.api.post("/v1/tokens", "{\"author_id\": \"" + author + "\"}");
        assertEquals(201, minted.status(), minted.body());
        return minted.json().get("token").asText();
    }

    /** The live feedback the native API lists for a query, read with the secret key. */
    int stored(String query) {
        var listed = hub.api.get("/v1/feedback?" + query);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().get("items").size();
    }

    /** 429 with a wait of at most the minute the one allowed write takes to refill (less as time passes). */
    static void assertRetryAfter(Api.Response refused) {
        assertEquals(429, refused.status(), refused.body());
        int seconds = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(seconds >= 1 && seconds <= 60, "one write per minute, so 1 to 60 s: " + seconds);
    }

    // ---------------------------------------------------------------- native change and delete

    /**
     * Feedback that a browser just created (as the author it names, or for an anonymous id, as its own when null),
     * which spent that browser's one write.
     */
    Api.Response aThumbsUpBy(Api browser, String author) {
        var created = browser.post("/v1/feedback", "{\"message_id\": \"%s\", %s\"label\": \"thumbs_up\"}"
                .formatted(unique("m"), author == null ? "" : "\"author_id\": \"" + author + "\", "));
        assertEquals(201, created.status(), created.body());
        return created;
    }

    @Test
    void a_browser_patch_right_after_the_create_is_refused_and_changes_nothing() {
        var browser = hub.api.withKey(anAnonymousBrowser());
        var id = aThumbsUpBy(browser, null).json().get("id").asText();

        var refused = browser.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_down\"}");

        assertRetryAfter(refused);
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals("thumbs_up", hub.api.get("/v1/feedback/" + id).json().get("label").asText());
        assertEquals(200, hub.api.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_down\"}").status(),
                "secret keys have no end-user limit");
    }

    @Test
    void a_browser_delete_right_after_the_create_is_refused_and_deletes_nothing() {
        var browser = hub.api.withKey(anAnonymousBrowser());
        var created = aThumbsUpBy(browser, null).json();
        var id = created.get("id").asText();
        var author = created.get("author_id").asText();

        var refused = browser.delete("/v1/feedback/" + id);

        assertRetryAfter(refused);
        assertEquals(1, stored("author_id=" + author));
    }

    @Test
    void a_browser_change_of_feedback_it_may_not_change_is_not_found_and_spends_no_ones_allowance() {
        var author = unique("alice");
        var id = hub.api.post("/v1/feedback", "{\"message_id\": \"%s\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}"
                .formatted(unique("m"), author)).json().get("id").asText();
        var browser = hub.api.withKey(aBrowserKey());

        var foreign = browser.delete("/v1/feedback/" + id);

        assertEquals(404, foreign.status(), foreign.body());
        aThumbsUpBy(browser, author); // the author's one write of the minute is still there
    }

    // ---------------------------------------------------------------- native batch

    // ---------------------------------------------------------------- native batch

    @Test
    void a_batch_over_the_end_users_limit_is_refused_whole_and_writes_nothing() {
        var alice = unique("alice");
        var browser = hub.api.withKey(aSignedInBrowser(alice));
        var item = "{\"message_id\": \"%s\", \"author_id\": \"%s\", \"label\": \"thumbs_up\"}";
        var first = browser.post("/v1/feedback/batch", "{\"items\": [" + item.formatted(unique("m"), alice) + "]}");
        assertEquals(201, first.json().get("results").get(0).get("status").asInt(), first.body());

        var refused = browser.post("/v1/feedback/batch",
                "{\"items\": [" + item.formatted(unique("m"), alice) + ", " + item.formatted(unique("m"), alice) + "]}");

        assertRetryAfter(refused);
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals(1, stored("author_id=" + alice), "only alice's first batch");
        var carol = unique("carol");
        var carolAlone = hub.api.withKey(aSignedInBrowser(carol)).post("/v1/feedback/batch",
                "{\"items\": [" + item.formatted(unique("m"), carol) + "]}");
        assertEquals(201, carolAlone.json().get("results").get(0).get("status").asInt(),
                "another signed-in user has an allowance of her own: " + carolAlone.body());
    }

    @Test
    void a_batch_by_a_secret_key_has_no_end_user_limit() {
        var author = unique("backend-author");
        var item = "{\"message_id\": \"%s\", \"author_id\": \"" + author + "\", \"label\": \"thumbs_up\"}";

        var written = hub.api.post("/v1/feedback/batch",
                "{\"items\": [" + item.formatted(unique("m")) + ", " + item.formatted(unique("m")) + "]}");

        assertEquals(200, written.status(), written.body());
        assertEquals(2, stored("author_id=" + author));
    }

    // ---------------------------------------------------------------- seed dialects (FastAPI's {"detail": "..."})

    @Test
    void scale_answers_a_second_browser_write_with_429_in_fastapi_shape() {
        var key = aBrowserKey();
        var thread = unique("thread");
        var path = "/compat/scale/v4/threads/%s/messages/%s/feedback";
        var body = """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "good", "sentiment": "positive"}""";
        var firstMessage = unique("first"); // message ids are global (a slot is its message): one per test
        var secondMessage = unique("second");
        var first = hub.api.put(path.formatted(thread, firstMessage), body.formatted(firstMessage, thread), "x-api-key", key);
        assertEquals(200, first.status(), first.body());

        var refused = hub.api.put(path.formatted(thread, secondMessage), body.formatted(secondMessage, thread), "x-api-key", key);

        assertRetryAfter(refused);
        assertTrue(refused.json().get("detail").isTextual(), refused.body());
        assertEquals(1, stored("thread_id=" + thread));
    }

    @Test
    void contextual_answers_a_second_browser_write_on_a_message_with_429_in_fastapi_shape() {
        var browser = hub.api.withKey(aBrowserKey());
        var agent = UUID.randomUUID().toString();
        var message = UUID.randomUUID().toString();
        var path = "/compat/contextual/v1/agents/" + agent + "/feedback";
        var body = "{\"message_id\": \"%s\", \"feedback\": \"%s\"}";
        assertEquals(200, browser.post(path, body.formatted(message, "thumbs_up")).status());

        var refused = browser.post(path, body.formatted(message, "thumbs_down"));

        assertRetryAfter(refused);
        assertTrue(refused.json().get("detail").isTextual(), refused.body());
        assertEquals(1, stored("message_id=" + message + "&label=thumbs_up"), "still the first judgment");
        assertEquals(429, browser.post(path, body.formatted(UUID.randomUUID(), "thumbs_down")).status(),
                "the allowance is the browser's (its address, for a key alone), not the conversation's it names");
    }

    @Test
    void virtuous_answers_a_second_browser_write_with_429_in_fastapi_shape() {
        var key = aBrowserKey();
        var thread = UUID.randomUUID().toString();
        var body = """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s", "turnId": "%s"}""";
        var first = hub.api.post("/compat/virtuous/api/v1/feedback",
                body.formatted(UUID.randomUUID(), UUID.randomUUID(), thread, UUID.randomUUID()), "X-API-Key", key);
        assertEquals(200, first.status(), first.body());

        var refused = hub.api.post("/compat/virtuous/api/v1/feedback",
                body.formatted(UUID.randomUUID(), UUID.randomUUID(), thread, UUID.randomUUID()), "X-API-Key", key);

        assertRetryAfter(refused);
        assertTrue(refused.json().get("detail").isTextual(), refused.body());
        assertEquals(1, stored("thread_id=" + thread));
    }

    @Test
    void virtuous_answers_a_browser_patch_and_delete_right_after_the_create_with_429() {
        var key = anAnonymousBrowser();
        var thread = UUID.randomUUID().toString();
        var created = hub.api.post("/compat/virtuous/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s", "turnId": "%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID(), thread, UUID.randomUUID()),
                "X-API-Key", key);
        assertEquals(200, created.status(), created.body());
        var path = "/compat/virtuous/api/v1/feedback/" + created.json().get("id").asText();

        var patch = hub.api.patch(path, "{\"kind\": \"message_reaction\", \"reaction\": \"thumbs_down\"}", "X-API-Key", key);
        var delete = hub.api.delete(path, "X-API-Key", key);

        assertRetryAfter(patch);
        assertTrue(patch.json().get("detail").isTextual(), patch.body());
        assertRetryAfter(delete);
        assertEquals(1, stored("thread_id=" + thread + "&label=thumbs_up"), "neither the change nor the delete happened");
    }

    @Test
    void scale_answers_a_browser_undo_right_after_the_write_with_429() {
        var key = aBrowserKey();
        var thread = unique("thread");
        var message = unique("first"); // message ids are global (a slot is its message): one per test
        var path = "/compat/scale/v4/threads/%s/messages/%s/feedback".formatted(thread, message);
        var written = hub.api.put(path, """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "good", "sentiment": "positive"}"""
                .formatted(message, thread), "x-api-key", key);
        assertEquals(200, written.status(), written.body());

        var refused = hub.api.delete(path, "x-api-key", key);

        assertRetryAfter(refused);
        assertTrue(refused.json().get("detail").isTextual(), refused.body());
        assertEquals(1, stored("thread_id=" + thread));
    }

    @Test
    void parea_answers_a_second_browser_write_with_429_in_fastapi_shape() {
        var key = aBrowserKey();
        var trace = unique("trace");
        var body = "{\"trace_id\": \"%s\", \"score\": %s}";
        var first = hub.api.post("/compat/parea/api/parea/v1/feedback", body.formatted(trace, "0.5"), "x-api-key", key);
        assertEquals(200, first.status(), first.body());

        var refused = hub.api.post("/compat/parea/api/parea/v1/feedback", body.formatted(trace, "0.25"), "x-api-key", key);

        assertRetryAfter(refused);
        assertTrue(refused.json().get("detail").isTextual(), refused.body());
        var listed = hub.api.get("/v1/feedback?trace_id=" + trace).json().get("items");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(0.5, listed.get(0).get("score").asDouble(), "the refused write changed nothing");
        assertEquals(1, listed.get(0).get("revision").asInt());
    }

    // ---------------------------------------------------------------- Devic ({success: false, ...})

    @Test
    void devic_answers_a_second_browser_write_with_429_in_its_envelope() {
        var browser = hub.api.withKey(aBrowserKey());
        var thread = UUID.randomUUID().toString();
        assertEquals(200, hub.api.put("/v1/threads/" + thread, "{\"agent_id\": \"assistant\"}").status());
        var path = "/compat/devic/api/v1/agents/threads/" + thread + "/feedback";
        var body = "{\"messageId\": \"%s\", \"feedback\": true}";
        assertEquals(200, browser.post(path, body.formatted(unique("msg-1"))).status());

        var refused = browser.post(path, body.formatted(unique("msg-2")));

        assertRetryAfter(refused);
        var error = refused.json();
        assertFalse(error.get("success").asBoolean(), refused.body());
        assertEquals(429, error.get("statusCode").asInt());
        assertEquals(1, stored("thread_id=" + thread));
    }
}
