package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One live vote per author, name and answer (DESIGN.md §1): a slot is the most specific target (message, else trace,
 * else thread) with the content, the name and the author; thread, agent and turn are attributes. And what undo and
 * rewrites leave in the history: a removed record's history stays readable by a secret key, a rewrite that changes
 * nothing writes no revision, with or without a client_feedback_id.
 */
@HubTest
class OneLiveVotePerAuthorTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    JsonNode live(String filter) {
        return api.get("/v1/feedback?" + filter).json().get("items");
    }

    int total(String filter) {
        return api.get("/v1/stats?" + filter).json().get("overall").get("total").asInt();
    }

    JsonNode history(String id) {
        var r = api.get("/v1/feedback/" + id + "/history");
        assertEquals(200, r.status(), r.body());
        return r.json().get("items");
    }

    void assertRollupsEqualARecount() {
        var audit = api.get("/v1/stats/consistency").json();
        assertTrue(audit.get("consistent").asBoolean(), audit.toString());
    }

    // ---------------------------------------------------------------- slot identity

    @Test
    void a_second_vote_naming_the_thread_updates_the_first_that_did_not() {
        var message = unique("m");
        var agent = unique("a");
        var first = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-1", "label": "thumbs_down", "agent_id": "%s"}""".formatted(message, agent));

        var second = api.post("/v1/feedback", """
                {"message_id": "%s", "thread_id": "%s", "turn_id": "turn-2", "author_id": "u-1", "label": "thumbs_up", "agent_id": "%s"}"""
                .formatted(message, unique("t"), agent));

        assertEquals(201, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        assertEquals(first.json().get("id"), second.json().get("id"));
        assertEquals(2, second.json().get("revision").asInt());
        assertEquals("turn-2", second.json().get("turn_id").asText(), "the attributes are the latest write's");
        assertEquals(1, live("message_id=" + message).size());
        assertEquals(1, total("agent_id=" + agent), "one live vote counts once");
        assertEquals("thumbs_down", history(first.json().get("id").asText()).get(0).get("label").asText());
        assertRollupsEqualARecount();
    }

    @Test
    void another_author_another_name_or_another_chunk_is_another_slot() {
        var message = unique("m");
        String[] bodies = {
                "{\"message_id\": \"%s\", \"author_id\": \"u-1\", \"label\": \"thumbs_up\"}",
                "{\"message_id\": \"%s\", \"author_id\": \"u-2\", \"label\": \"thumbs_up\"}",
                "{\"message_id\": \"%s\", \"author_id\": \"u-1\", \"name\": \"accuracy\", \"score\": 0.5}",
                "{\"message_id\": \"%s\", \"author_id\": \"u-1\", \"content_id\": \"chunk-1\", \"label\": \"thumbs_up\"}",
                "{\"message_id\": \"%s\", \"author_id\": \"u-1\", \"content_id\": \"chunk-2\", \"label\": \"thumbs_up\"}"};

        for (var body : bodies) {
            assertEquals(201, api.post("/v1/feedback", body.formatted(message)).status(), body);
        }

        assertEquals(bodies.length, live("message_id=" + message).size());
    }

    @Test
    void a_vote_on_a_trace_and_one_on_a_message_of_that_trace_are_two_slots_and_the_trace_is_an_attribute_of_the_message() {
        var trace = unique("trace");
        var message = unique("m");
        var onTrace = api.post("/v1/feedback", "{\"trace_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_up\"}".formatted(trace));
        var onMessage = api.post("/v1/feedback", "{\"trace_id\": \"%s\", \"message_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_up\"}"
                .formatted(trace, message));

        var sameMessageOtherTrace = api.post("/v1/feedback", "{\"trace_id\": \"%s\", \"message_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_down\"}"
                .formatted(unique("trace"), message));

        assertEquals(201, onTrace.status());
        assertEquals(201, onMessage.status());
        assertNotEquals(onTrace.json().get("id"), onMessage.json().get("id"));
        assertEquals(200, sameMessageOtherTrace.status(), sameMessageOtherTrace.body());
        assertEquals(onMessage.json().get("id"), sameMessageOtherTrace.json().get("id"));
    }

    @Test
    void a_scale_vote_with_its_thread_and_a_native_vote_without_it_fill_one_slot() {
        var thread = unique("thread");
        var message = unique("interaction");
        var scale = api.put("/compat/scale/v4/threads/" + thread + "/messages/" + message + "/feedback", """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "meh", "sentiment": "negative"}"""
                .formatted(message, thread), "x-api-key", api.key());
        assertEquals(200, scale.status(), scale.body());

        var nativeVote = api.post("/v1/feedback", "{\"message_id\": \"" + message + "\", \"label\": \"thumbs_up\"}");

        assertEquals(200, nativeVote.status(), nativeVote.body());
        var items = live("message_id=" + message);
        assertEquals(1, items.size(), items.toString());
        assertEquals("thumbs_up", items.get(0).get("label").asText());
        assertEquals(thread, items.get(0).get("thread_id").asText(), "an attribute the later write leaves out is kept");
    }

    @Test
    void a_langfuse_score_sent_again_with_another_session_updates_the_same_score() {
        var trace = unique("trace");
        var basic = "Basic " + Base64.getEncoder().encodeToString(("pk-lf-any:" + TestHub.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
        var first = api.post("/compat/langfuse/api/public/scores", """
                {"traceId": "%s", "sessionId": "s-1", "name": "quality", "value": 0.25}""".formatted(trace), "Authorization", basic);
        var second = api.post("/compat/langfuse/api/public/scores", """
                {"traceId": "%s", "sessionId": "s-2", "name": "quality", "value": 0.75}""".formatted(trace), "Authorization", basic);

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        var items = live("trace_id=" + trace);
        assertEquals(1, items.size(), items.toString());
        assertEquals(0.75, items.get(0).get("score").asDouble());
        assertEquals(2, items.get(0).get("revision").asInt());
    }

    @Test
    void a_second_parea_score_on_a_trace_updates_the_first() {
        var trace = UUID.randomUUID().toString();
        var body = "{\"trace_id\": \"%s\", \"inference_id\": null, \"score\": %s, \"comment\": null, \"target\": null}";

        var first = api.post("/compat/parea/api/parea/v1/feedback", body.formatted(trace, "0.25"), "x-api-key", api.key());
        var second = api.post("/compat/parea/api/parea/v1/feedback", body.formatted(trace, "0.75"), "x-api-key", api.key());

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        var items = live("trace_id=" + trace);
        assertEquals(1, items.size(), items.toString());
        assertEquals(0.75, items.get(0).get("score").asDouble());
        assertEquals(2, items.get(0).get("revision").asInt());
    }

    // ---------------------------------------------------------------- history and no-op rewrites

    @Test
    void the_history_of_a_removed_feedback_stays_readable_by_a_secret_key() {
        var id = api.post("/v1/feedback", "{\"message_id\": \"" + unique("m") + "\", \"label\": \"thumbs_down\", \"comment\": \"wrong\"}")
                .json().get("id").asText();
        api.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_up\"}");

        assertEquals(204, api.delete("/v1/feedback/" + id).status());

        assertEquals(404, api.get("/v1/feedback/" + id).status(), "a removed feedback is not read");
        var items = history(id);
        assertEquals(3, items.size(), items.toString());
        assertEquals("thumbs_down", items.get(0).get("label").asText());
        assertEquals("thumbs_up", items.get(1).get("label").asText());
        assertEquals(3, items.get(2).get("revision").asInt());
        assertEquals(404, api.get("/v1/feedback/" + unique("nope") + "/history").status());
        var browser = api.withKey(hub.issueKey(io.feedbackhub.auth.Role.PUBLISHABLE, java.util.List.of("https://app.example")));
        assertEquals(403, browser.get("/v1/feedback/" + id + "/history", "Origin", "https://app.example").status());
    }

    @Test
    void a_rewrite_that_changes_nothing_writes_no_revision() {
        var message = unique("m");
        var body = "{\"message_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_down\", \"reasons\": [\"slow\"]}".formatted(message);
        var first = api.post("/v1/feedback", body).json();

        var again = api.post("/v1/feedback", body);

        assertEquals(200, again.status());
        assertEquals(first, again.json());
        assertEquals(1, history(first.get("id").asText()).size());
    }

    @Test
    void a_rewrite_under_a_new_client_feedback_id_that_changes_nothing_writes_no_revision_and_the_key_finds_the_record() {
        var message = unique("m");
        var body = "{\"message_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_up\", \"client_feedback_id\": \"%s\"}";
        var first = api.post("/v1/feedback", body.formatted(message, UUID.randomUUID())).json();
        var secondKey = UUID.randomUUID().toString();

        var again = api.post("/v1/feedback", body.formatted(message, secondKey));
        var replay = api.post("/v1/feedback", body.formatted(message, secondKey));

        assertEquals(200, again.status(), again.body());
        assertEquals(first.get("id"), again.json().get("id"));
        assertEquals(1, again.json().get("revision").asInt());
        assertEquals(1, history(first.get("id").asText()).size());
        assertEquals(200, replay.status());
        assertEquals(first.get("id"), replay.json().get("id"), "the new key names the record");
    }

    @Test
    void a_rewrite_that_restores_a_removed_vote_is_a_new_revision() {
        var body = "{\"message_id\": \"%s\", \"author_id\": \"u\", \"label\": \"thumbs_up\"}".formatted(unique("m"));
        var id = api.post("/v1/feedback", body).json().get("id").asText();
        api.delete("/v1/feedback/" + id);

        var again = api.post("/v1/feedback", body);

        assertEquals(200, again.status());
        assertEquals(3, again.json().get("revision").asInt());
        assertEquals(200, api.get("/v1/feedback/" + id).status());
    }
}
