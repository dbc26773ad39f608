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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feedback inherits its context from the registry, whichever was written first (DESIGN.md §1): the message's thread,
 * the thread's agent and the message's metadata (its model column as {@code model}) become the feedback's dimensions,
 * what the feedback says itself wins, and a later registry change re-attributes existing feedback with the rollups
 * moving along (the consistency audit recounts them). Through every door.
 */
@HubTest
class FeedbackInheritsItsContextTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    void putThread(String thread, String agent) {
        var r = api.put("/v1/threads/" + thread, agent == null ? "{}" : "{\"agent_id\": \"" + agent + "\"}");
        assertEquals(200, r.status(), r.body());
    }

    void putMessage(String message, String thread, String body) {
        var r = api.put("/v1/messages/" + message, body == null
                ? "{\"thread_id\": \"" + thread + "\"}"
                : "{\"thread_id\": \"" + thread + "\", " + body + "}");
        assertEquals(200, r.status(), r.body());
    }

    JsonNode onlyFeedbackOn(String message) {
        var items = api.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    int total(String filter) {
        var r = api.get("/v1/stats?" + filter);
        assertEquals(200, r.status(), r.body());
        return r.json().get("overall").get("total").asInt();
    }

    void assertRollupsEqualARecount() {
        var audit = api.get("/v1/stats/consistency");
        assertEquals(200, audit.status(), audit.body());
        assertTrue(audit.json().get("consistent").asBoolean(), audit.body());
    }

    static String text(JsonNode node, String field) {
        return node.get(field).isNull() ? null : node.get(field).asText();
    }

    // ---------------------------------------------------------------- the registry first

    @Test
    void feedback_on_a_registered_message_takes_its_thread_its_agent_and_its_metadata() {
        var thread = unique("t9");
        var message = unique("m9");
        var agent = unique("support-bot");
        putThread(thread, agent);
        putMessage(message, thread, "\"metadata\": {\"prompt_version\": \"v3\"}, \"model\": \"gpt-x\"");

        var created = api.post("/v1/feedback", "{\"message_id\": \"" + message + "\", \"label\": \"thumbs_down\"}");

        assertEquals(201, created.status(), created.body());
        var f = created.json();
        assertEquals(agent, text(f, "agent_id"));
        assertEquals(thread, text(f, "thread_id"));
        assertEquals("{\"model\":\"gpt-x\",\"prompt_version\":\"v3\"}", f.get("metadata").toString());
        assertEquals(f, api.get("/v1/feedback/" + text(f, "id")).json());
        assertEquals(1, total("agent_id=" + agent));
        assertEquals(1, total("agent_id=" + agent + "&metadata.prompt_version=v3"));
        assertRollupsEqualARecount();
    }

    @Test
    void what_the_feedback_says_itself_wins_over_what_it_would_inherit() {
        var thread = unique("t");
        var message = unique("m");
        putThread(thread, "registered-agent");
        putMessage(message, thread, "\"metadata\": {\"prompt_version\": \"v3\", \"locale\": \"fr\"}, \"model\": \"gpt-x\"");

        var created = api.post("/v1/feedback", """
                {"message_id": "%s", "agent_id": "own-agent", "label": "thumbs_up",
                 "metadata": {"prompt_version": "v4", "model": "own-model"}}""".formatted(message)).json();

        assertEquals("own-agent", text(created, "agent_id"));
        assertEquals(thread, text(created, "thread_id"));
        assertEquals("{\"locale\":\"fr\",\"model\":\"own-model\",\"prompt_version\":\"v4\"}", created.get("metadata").toString());
    }

    @Test
    void feedback_naming_only_a_thread_takes_the_threads_agent() {
        var thread = unique("t");
        var agent = unique("a");
        putThread(thread, agent);

        var created = api.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "%s", "label": "thumbs_up"}""".formatted(thread, unique("m"))).json();

        assertEquals(agent, text(created, "agent_id"));
    }

    @Test
    void a_rewrite_that_leaves_out_the_thread_keeps_it_and_the_agent_it_gives() {
        var thread = unique("t");
        var message = unique("m");
        var agent = unique("a");
        putThread(thread, agent);
        api.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "%s", "author_id": "u", "label": "thumbs_up"}""".formatted(thread, message));

        var rewritten = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u", "label": "thumbs_down"}""".formatted(message));

        assertEquals(200, rewritten.status(), rewritten.body());
        assertEquals(thread, text(rewritten.json(), "thread_id"));
        assertEquals(agent, text(rewritten.json(), "agent_id"));
        assertRollupsEqualARecount();
    }

    // ---------------------------------------------------------------- the feedback first

    @Test
    void feedback_given_before_its_message_and_thread_are_registered_is_re_attributed_when_they_are() {
        var thread = unique("t9");
        var message = unique("m9");
        var agent = unique("support-bot");
        var id = text(api.post("/v1/feedback", "{\"message_id\": \"" + message + "\", \"label\": \"thumbs_down\"}").json(), "id");
        assertEquals(0, total("agent_id=" + agent));

        putThread(thread, agent);
        putMessage(message, thread, "\"metadata\": {\"prompt_version\": \"v3\"}, \"model\": \"gpt-x\"");

        var f = api.get("/v1/feedback/" + id).json();
        assertEquals(agent, text(f, "agent_id"));
        assertEquals(thread, text(f, "thread_id"));
        assertEquals("{\"model\":\"gpt-x\",\"prompt_version\":\"v3\"}", f.get("metadata").toString());
        assertEquals(1, f.get("revision").asInt(), "a re-attribution is no new revision");
        assertEquals(0, api.get("/v1/feedback/" + id + "/history").json().get("items").size() - 1, "and writes no history");
        assertEquals(1, total("agent_id=" + agent + "&metadata.prompt_version=v3"));
        assertRollupsEqualARecount();
    }

    @Test
    void a_thread_registered_again_under_another_agent_moves_the_feedback_that_inherited_its_agent_only() {
        var thread = unique("t");
        var before = unique("agent-a");
        var after = unique("agent-b");
        putThread(thread, before);
        var inheriting = api.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "%s", "label": "thumbs_up"}""".formatted(thread, unique("m"))).json();
        var own = api.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "%s", "agent_id": "%s", "label": "thumbs_down"}""".formatted(thread, unique("m"), before)).json();
        assertEquals(2, total("agent_id=" + before));

        putThread(thread, after);

        assertEquals(after, text(api.get("/v1/feedback/" + text(inheriting, "id")).json(), "agent_id"));
        assertEquals(before, text(api.get("/v1/feedback/" + text(own, "id")).json(), "agent_id"));
        assertEquals(1, total("agent_id=" + before));
        assertEquals(1, total("agent_id=" + after));
        assertRollupsEqualARecount();
    }

    @Test
    void a_message_moved_to_another_thread_or_given_new_metadata_takes_its_feedback_along() {
        var first = unique("t");
        var second = unique("t");
        var message = unique("m");
        putThread(first, "agent-1");
        putThread(second, "agent-2");
        putMessage(message, first, "\"metadata\": {\"prompt_version\": \"v1\", \"locale\": \"en\"}");
        var id = text(api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "metadata": {"locale": "de"}}""".formatted(message)).json(), "id");

        putMessage(message, second, "\"metadata\": {\"prompt_version\": \"v2\"}, \"model\": \"gpt-y\"");

        var f = api.get("/v1/feedback/" + id).json();
        assertEquals(second, text(f, "thread_id"));
        assertEquals("agent-2", text(f, "agent_id"));
        assertEquals("{\"locale\":\"de\",\"model\":\"gpt-y\",\"prompt_version\":\"v2\"}", f.get("metadata").toString(),
                "the inherited keys follow the registry, the own one stays");
        assertRollupsEqualARecount();
    }

    @Test
    void a_patch_of_the_metadata_keeps_inheriting_what_it_does_not_say() {
        var thread = unique("t");
        var message = unique("m");
        putMessage(message, thread, "\"metadata\": {\"prompt_version\": \"v3\"}");
        var id = text(api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "metadata": {"prompt_version": "v9"}}""".formatted(message)).json(), "id");

        var patched = api.patch("/v1/feedback/" + id, "{\"metadata\": {\"locale\": \"fr\"}}");

        assertEquals(200, patched.status(), patched.body());
        assertEquals("{\"locale\":\"fr\",\"prompt_version\":\"v3\"}", patched.json().get("metadata").toString());
        assertRollupsEqualARecount();
    }

    // ---------------------------------------------------------------- every door

    @Test
    void a_vote_through_an_end_user_token_inherits_like_any_other() {
        var thread = unique("t");
        var message = unique("m");
        var agent = unique("a");
        var token = api.post("/v1/tokens", "{\"author_id\": \"u-1\", \"message_id\": \"" + message + "\"}").json().get("token").asText();
        var vote = api.withKey(token).post("/v1/feedback", "{\"message_id\": \"" + message + "\", \"label\": \"thumbs_up\"}");
        assertEquals(201, vote.status(), vote.body());

        putThread(thread, agent);
        putMessage(message, thread, "\"model\": \"gpt-x\"");

        var f = onlyFeedbackOn(message);
        assertEquals(agent, text(f, "agent_id"));
        assertEquals("gpt-x", f.get("metadata").get("model").asText());
        assertRollupsEqualARecount();
    }

    @Test
    void scale_feedback_on_a_thread_entry_takes_the_agent_its_thread_is_later_registered_under() {
        var thread = unique("thread");
        var message = unique("interaction");
        var agent = unique("a");
        var put = api.put("/compat/scale/v4/threads/" + thread + "/messages/" + message + "/feedback", """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "meh", "sentiment": "negative"}"""
                .formatted(message, thread), "x-api-key", api.key());
        assertEquals(200, put.status(), put.body());

        putThread(thread, agent);

        assertEquals(agent, text(onlyFeedbackOn(message), "agent_id"));
        assertEquals(1, total("agent_id=" + agent));
        assertRollupsEqualARecount();
    }

    @Test
    void contextual_feedback_names_the_agent_and_inherits_the_messages_thread_and_metadata() {
        var agent = UUID.randomUUID().toString();
        var message = UUID.randomUUID().toString();
        var thread = unique("t");
        putMessage(message, thread, "\"metadata\": {\"prompt_version\": \"v3\"}");

        var sent = api.post("/compat/contextual/v1/agents/" + agent + "/feedback", """
                {"message_id": "%s", "feedback": "thumbs_down"}""".formatted(message));

        assertEquals(200, sent.status(), sent.body());
        var f = onlyFeedbackOn(message);
        assertEquals(agent, text(f, "agent_id"));
        assertEquals(thread, text(f, "thread_id"));
        assertEquals("v3", f.get("metadata").get("prompt_version").asText());
    }

    @Test
    void virtuous_reactions_take_the_registered_threads_agent_and_the_messages_model() {
        var thread = UUID.randomUUID().toString();
        var message = UUID.randomUUID().toString();
        var agent = unique("a");
        var sent = api.post("/compat/virtuous/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s"}""".formatted(UUID.randomUUID(), message, thread), "X-API-Key", api.key());
        assertEquals(200, sent.status(), sent.body());

        putThread(thread, agent);
        putMessage(message, thread, "\"model\": \"gpt-x\"");

        var f = onlyFeedbackOn(message);
        assertEquals(agent, text(f, "agent_id"));
        assertEquals("gpt-x", f.get("metadata").get("model").asText());
        assertRollupsEqualARecount();
    }

    @Test
    void devic_feedback_on_a_chat_inherits_the_metadata_of_a_message_registered_afterwards() {
        var agent = unique("assistant");
        var chat = unique("chat");
        var message = unique("msg");
        putThread(chat, agent);
        var sent = api.post("/compat/devic/api/v1/assistants/" + agent + "/chats/" + chat + "/feedback",
                "{\"messageId\": \"" + message + "\", \"feedback\": false}", "Authorization", "Bearer " + api.key());
        assertEquals(200, sent.status(), sent.body());

        putMessage(message, chat, "\"metadata\": {\"prompt_version\": \"v2\"}");

        var f = onlyFeedbackOn(message);
        assertEquals(agent, text(f, "agent_id"));
        assertEquals("v2", f.get("metadata").get("prompt_version").asText());
        assertEquals(1, total("agent_id=" + agent + "&metadata.prompt_version=v2"));
        assertRollupsEqualARecount();
    }

    @Test
    void a_langfuse_score_on_an_observation_inherits_the_registered_messages_context() {
        var thread = unique("t");
        var observation = unique("obs");
        var agent = unique("a");
        putThread(thread, agent);
        putMessage(observation, thread, "\"model\": \"gpt-x\"");
        var basic = "Basic " + Base64.getEncoder().encodeToString(("pk-lf-any:" + TestHub.SECRET_KEY).getBytes(StandardCharsets.UTF_8));

        var sent = api.post("/compat/langfuse/api/public/scores", """
                {"traceId": "%s", "observationId": "%s", "name": "quality", "value": 0.5}""".formatted(unique("trace"), observation),
                "Authorization", basic);

        assertEquals(200, sent.status(), sent.body());
        var f = onlyFeedbackOn(observation);
        assertEquals(agent, text(f, "agent_id"));
        assertEquals(thread, text(f, "thread_id"));
        assertEquals("gpt-x", f.get("metadata").get("model").asText());
    }

    @Test
    void langsmith_feedback_on_a_run_inherits_the_metadata_of_the_message_registered_later() {
        var run = UUID.randomUUID().toString();
        var sent = api.post("/compat/langsmith/feedback", """
                {"run_id": "%s", "key": "correctness", "score": 1}""".formatted(run), "x-api-key", api.key());
        assertTrue(sent.status() == 200 || sent.status() == 201, sent.toString());

        putMessage(run, unique("t"), "\"metadata\": {\"prompt_version\": \"v7\"}");

        assertEquals("v7", onlyFeedbackOn(run).get("metadata").get("prompt_version").asText());
        assertEquals(1, total("metadata.prompt_version=v7"));
        assertRollupsEqualARecount();
    }
}
