package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.feedbackhub.dialect.DialectTesting.responseHeaders;
import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Devic door (seed 003) through real HTTP on both stores: chat and thread feedback in the {success, data}
 * envelope, upsert per messageId, unknown conversations registered by their first feedback, 404 for a chat of another
 * assistant, and Devic-shaped errors. Every
 * request and answer is checked against contracts/devic.yaml.
 */
@HubTest
class DevicDialectTest {
    static final String BASE = "/compat/devic";
    static final OpenApiContract DEVIC = OpenApiContract.load("contracts/devic.yaml");
    static final String OBJECT_ID = "[0-9a-f]{24}";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    // ---------------------------------------------------------------- given helpers

    /** A chat of an assistant, registered through the native API (as a tenant with strict conversations must). */
    String aChatOf(String assistant) {
        var chatUid = UUID.randomUUID().toString();
        registerThread(api, chatUid, assistant);
        return chatUid;
    }

    static void registerThread(Api client, String threadId, String agentId) {
        var body = agentId == null ? "{}" : "{\"agent_id\": \"%s\"}".formatted(agentId);
        var registered = client.put("/v1/threads/" + threadId, body);
        assertEquals(200, registered.status(), registered.body());
    }

    static String chatPath(String assistant, String chatUid) {
        return "/api/v1/assistants/" + assistant + "/chats/" + chatUid + "/feedback";
    }

    static String threadPath(String threadId) {
        return "/api/v1/agents/threads/" + threadId + "/feedback";
    }

    static String aThumbsUp(String messageId) {
        return """
                {"messageId": "%s", "feedback": true, "feedbackComment": "This response was very helpful and accurate!",
                 "feedbackData": {"rating": 5, "categories": ["helpful", "accurate", "well-formatted"]}}""".formatted(messageId);
    }

    static String aThumbsDown(String messageId, String comment) {
        return """
                {"messageId": "%s", "feedback": false, "feedbackComment": "%s"}""".formatted(messageId, comment);
    }

    /** Sends a request to the Devic door and checks it and its answer against the vendor contract. */
    Api.Response devic(Api client, String method, String vendorPath, String body, String... ignoredContractKeys) {
        var response = client.send(method, BASE + vendorPath, body);
        var headers = client.key() == null ? Map.<String, String>of() : Map.of("Authorization", "Bearer " + client.key());
        var contract = ignoredContractKeys.length == 0 ? DEVIC : DEVIC.ignoring(ignoredContractKeys);
        contract.assertValid(method, vendorPath, headers, body, response.status(), responseHeaders(response), response.body());
        return response;
    }

    Api.Response post(String vendorPath, String body) {
        return devic(api, "POST", vendorPath, body);
    }

    Api.Response get(String vendorPath) {
        return devic(api, "GET", vendorPath, null);
    }

    /** Devic's failure envelope: success false plus the NestJS members its clients read. */
    static void assertDevicError(Api.Response response, int status, String reason) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        var body = response.json();
        assertFalse(body.get("success").asBoolean(), response.body());
        assertEquals(status, body.get("statusCode").asInt());
        assertEquals(reason, body.get("error").asText());
        assertTrue(body.get("message").isTextual() && !body.get("message").asText().isBlank(), response.body());
        assertFalse(body.has("data"), response.body());
    }

    JsonNode nativeFeedbackOf(String threadId) {
        var listed = api.get("/v1/feedback?thread_id=" + threadId);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().get("items");
    }

    // ---------------------------------------------------------------- chats

    @Test
    void chat_feedback_is_stored_and_answered_in_devics_envelope() {
        var chat = aChatOf("default");
        var message = "msg-" + UUID.randomUUID(); // message ids are global (a slot is its message): one per test

        var submitted = post(chatPath("default", chat), aThumbsUp(message));

        assertEquals(200, submitted.status(), submitted.body());
        var body = submitted.json();
        assertTrue(body.get("success").asBoolean());
        var data = body.get("data");
        assertTrue(data.get("_id").asText().matches(OBJECT_ID), data.toString());
        assertEquals(message, data.get("requestId").asText());
        assertEquals(chat, data.get("chatUID").asText());
        assertTrue(data.get("feedback").asBoolean());
        assertEquals("This response was very helpful and accurate!", data.get("feedbackComment").asText());
        assertEquals("{\"rating\":5,\"categories\":[\"helpful\",\"accurate\",\"well-formatted\"]}", data.get("feedbackData").toString());
        assertTrue(data.get("creationTimestamp").asText().matches(TIMESTAMP), data.toString());
        assertFalse(data.has("lastEditTimestamp"), "a first submission was never edited");
        assertFalse(data.has("threadId") || data.has("agentId"), "chat entries carry chatUID only");
    }

    @Test
    void a_second_post_for_the_same_message_updates_the_entry() {
        var chat = aChatOf("default");
        var first = post(chatPath("default", chat), aThumbsDown("msg-001", "Not helpful")).json().get("data");

        var second = post(chatPath("default", chat), """
                {"messageId": "msg-001", "feedback": true, "feedbackComment": "Actually, after re-reading, this was helpful!"}""");

        assertEquals(200, second.status(), second.body());
        var data = second.json().get("data");
        assertEquals(first.get("_id"), data.get("_id"));
        assertEquals(first.get("creationTimestamp"), data.get("creationTimestamp"));
        assertTrue(data.get("lastEditTimestamp").asText().matches(TIMESTAMP), data.toString());
        assertTrue(data.get("lastEditTimestamp").asText().compareTo(data.get("creationTimestamp").asText()) >= 0);
        assertTrue(data.get("feedback").asBoolean());
        assertEquals("Actually, after re-reading, this was helpful!", data.get("feedbackComment").asText());
        var stored = nativeFeedbackOf(chat);
        assertEquals(1, stored.size(), "one entry per message");
        assertEquals(2, stored.get(0).get("revision").asInt());
        var history = api.get("/v1/feedback/" + stored.get(0).get("id").asText() + "/history").json().get("items");
        assertEquals("Not helpful", history.get(0).get("comment").asText(), "the earlier version is kept");
    }

    @Test
    void get_lists_every_entry_of_the_chat_oldest_first() {
        var chat = aChatOf("default");
        var message = "msg-" + UUID.randomUUID(); // message ids are global (a slot is its message): one per test
        var first = post(chatPath("default", chat), aThumbsUp(message)).json().get("data");
        var second = post(chatPath("default", chat), aThumbsDown("msg-xyz789", "The response was not accurate")).json().get("data");
        post(chatPath("default", chat), aThumbsDown(message, "changed my mind"));

        var listed = get(chatPath("default", chat));

        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.json().get("success").asBoolean());
        var data = listed.json().get("data");
        assertEquals(2, data.size(), data.toString());
        assertEquals(first.get("_id"), data.get(0).get("_id"));
        assertEquals(message, data.get(0).get("requestId").asText());
        assertFalse(data.get(0).get("feedback").asBoolean());
        assertTrue(data.get(0).has("lastEditTimestamp"));
        assertEquals(second, data.get(1), "a listed entry is the entry the submit answered");
        assertEquals(200, get(chatPath("default", aChatOf("default"))).status(), "a chat without feedback lists nothing");
        assertEquals(0, get(chatPath("default", aChatOf("default"))).json().get("data").size());
    }

    @Test
    void get_lists_only_devics_own_entry_of_each_message() {
        var chat = aChatOf("default");
        var message = "msg-" + UUID.randomUUID(); // message ids are global (a slot is its message): one per test
        post(chatPath("default", chat), aThumbsUp(message));
        var nativeWrites = List.of(
                "{\"thread_id\": \"%s\", \"message_id\": \"" + message + "\", \"name\": \"accuracy\", \"score\": 0.4}",
                "{\"thread_id\": \"%s\", \"message_id\": \"" + message + "\", \"author_id\": \"u-7\", \"label\": \"thumbs_down\"}",
                "{\"thread_id\": \"%s\", \"trace_id\": \"trace-1\", \"label\": \"thumbs_down\"}");
        for (var write : nativeWrites) {
            assertEquals(201, api.post("/v1/feedback", write.formatted(chat)).status());
        }

        var listed = get(chatPath("default", chat)).json().get("data");

        assertEquals(1, listed.size(), "Devic keeps one entry per message; the rest is native-only: " + listed);
        assertTrue(listed.get(0).get("feedback").asBoolean());
        assertEquals(4, nativeFeedbackOf(chat).size());
    }

    @Test
    void a_comment_alone_is_stored_without_a_reaction() {
        var chat = aChatOf("default");

        var submitted = post(chatPath("default", chat), "{\"messageId\": \"msg-2\", \"feedbackComment\": \"too long\"}");

        assertEquals(200, submitted.status(), submitted.body());
        var data = submitted.json().get("data");
        assertFalse(data.has("feedback"), data.toString());
        assertFalse(data.has("feedbackData"), data.toString());
        assertEquals("too long", data.get("feedbackComment").asText());
        var stored = nativeFeedbackOf(chat).get(0);
        assertTrue(stored.get("label").isNull());
        assertTrue(stored.get("score").isNull());
        assertEquals("too long", stored.get("comment").asText());
    }

    @Test
    void feedback_data_round_trips_byte_for_byte() {
        var chat = aChatOf("default");
        var feedbackData = "{\"overallRating\":4.50,\"dimensions\":{\"z\":1,\"a\":-2.5e-3,\"big\":12345678901234567890},"
                + "\"suggestedImprovements\":[\"Be more concise\",\"caf\u00e9 \u2713\"],\"none\":null,\"empty\":{},\"list\":[[],[true,false]]}";

        var submitted = post(chatPath("default", chat), "{\"messageId\": \"msg-3\", \"feedback\": true, \"feedbackData\": " + feedbackData + "}");

        assertEquals(200, submitted.status(), submitted.body());
        assertTrue(submitted.body().contains("\"feedbackData\":" + feedbackData + ","), submitted.body());
        var listed = get(chatPath("default", chat));
        assertTrue(listed.body().contains("\"feedbackData\":" + feedbackData + ","), listed.body());
        var stored = api.get("/v1/feedback?thread_id=" + chat);
        assertTrue(stored.body().contains("\"data\":" + feedbackData + ","), stored.body());
    }

    @Test
    void chat_feedback_is_visible_through_the_native_api() {
        var chat = aChatOf("support-assistant");
        var message = "msg-" + UUID.randomUUID(); // message ids are global (a slot is its message): one per test

        post(chatPath("support-assistant", chat), aThumbsUp(message));

        var stored = nativeFeedbackOf(chat);
        assertEquals(1, stored.size(), stored.toString());
        var f = stored.get(0);
        assertEquals("support-assistant", f.get("agent_id").asText());
        assertEquals(chat, f.get("thread_id").asText());
        assertEquals(message, f.get("message_id").asText());
        assertEquals("reaction", f.get("name").asText());
        assertEquals("thumbs_up", f.get("label").asText());
        assertEquals(1.0, f.get("score").asDouble());
        assertEquals("This response was very helpful and accurate!", f.get("comment").asText());
        assertEquals("{\"rating\":5,\"categories\":[\"helpful\",\"accurate\",\"well-formatted\"]}", f.get("data").toString());
        assertTrue(f.get("author_id").isNull());
        assertEquals("user", f.get("source").asText());
    }

    @Test
    void an_unknown_chat_is_registered_on_its_first_feedback_owned_by_the_assistant_that_named_it() {
        var chatUid = UUID.randomUUID().toString();
        assertDevicError(get(chatPath("default", chatUid)), 404, "Not Found"); // a read registers nothing

        var submitted = post(chatPath("default", chatUid), aThumbsUp("msg-1"));

        assertEquals(200, submitted.status(), submitted.body());
        assertEquals(chatUid, submitted.json().get("data").get("chatUID").asText());
        var registered = api.get("/v1/threads/" + chatUid);
        assertEquals(200, registered.status(), registered.body());
        assertEquals("default", registered.json().get("agent_id").asText());
        assertEquals(1, get(chatPath("default", chatUid)).json().get("data").size());
        var hijack = post(chatPath("sales-assistant", chatUid), aThumbsDown("msg-1", "hijack"));
        assertDevicError(hijack, 404, "Not Found");
        assertEquals("Chat history not found or does not belong to the specified assistant", hijack.json().get("message").asText());
        assertEquals("thumbs_up", nativeFeedbackOf(chatUid).get(0).get("label").asText(), "the owner's entry is untouched");
        assertEquals(1, nativeFeedbackOf(chatUid).size());
    }

    @Test
    void a_chat_registered_without_an_assistant_is_not_claimed_by_one() {
        var chatUid = UUID.randomUUID().toString();
        registerThread(api, chatUid, null);

        var submitted = post(chatPath("default", chatUid), aThumbsUp("msg-1"));

        assertDevicError(submitted, 404, "Not Found");
        assertTrue(api.get("/v1/threads/" + chatUid).json().get("agent_id").isNull());
        assertEquals(0, nativeFeedbackOf(chatUid).size());
    }

    @Test
    void a_chat_of_another_assistant_is_not_found() {
        var chat = aChatOf("sales-assistant");
        var message = "msg-" + UUID.randomUUID(); // message ids are global (a slot is its message): one per test
        post(chatPath("sales-assistant", chat), aThumbsUp(message));

        var submitted = post(chatPath("default", chat), aThumbsDown(message, "hijack"));
        var listed = get(chatPath("default", chat));

        assertDevicError(submitted, 404, "Not Found");
        assertDevicError(listed, 404, "Not Found");
        assertTrue(nativeFeedbackOf(chat).get(0).get("label").asText().equals("thumbs_up"), "nothing was written");
    }

    // ---------------------------------------------------------------- agent threads

    @Test
    void thread_feedback_carries_the_thread_and_its_agent() {
        var thread = unique("thread");
        registerThread(api, thread, "agent-123");

        var submitted = post(threadPath(thread), """
                {"messageId": "step-response-001", "feedback": true, "feedbackComment": "The agent handled this step perfectly",
                 "feedbackData": {"rating": 5, "criteriaScores": {"accuracy": 5, "efficiency": 4, "clarity": 5}}}""");
        var updated = post(threadPath(thread), "{\"messageId\": \"step-response-001\", \"feedback\": false}");
        post(threadPath(thread), "{\"messageId\": \"step-response-002\", \"feedback\": false, \"feedbackComment\": \"This step took too long\", \"feedbackData\": {\"issue\": \"performance\"}}");
        var listed = get(threadPath(thread));

        assertEquals(200, submitted.status(), submitted.body());
        var data = submitted.json().get("data");
        assertEquals(thread, data.get("threadId").asText());
        assertEquals("agent-123", data.get("agentId").asText());
        assertEquals("step-response-001", data.get("requestId").asText());
        assertFalse(data.has("chatUID"));
        var edited = updated.json().get("data");
        assertEquals(data.get("_id"), edited.get("_id"));
        assertFalse(edited.get("feedback").asBoolean());
        assertFalse(edited.has("feedbackComment"), "an update replaces the entry's values: " + edited);
        assertTrue(edited.has("lastEditTimestamp"));
        var entries = listed.json().get("data");
        assertEquals(2, entries.size(), entries.toString());
        assertEquals(edited, entries.get(0));
        assertEquals("{\"issue\":\"performance\"}", entries.get(1).get("feedbackData").toString());
        assertEquals("agent-123", nativeFeedbackOf(thread).get(0).get("agent_id").asText());
    }

    @Test
    void an_unknown_thread_is_registered_on_its_first_feedback_without_an_agent() {
        var unknown = unique("thread");
        assertEquals("Thread not found", get(threadPath(unknown)).json().get("message").asText());

        var submitted = post(threadPath(unknown), aThumbsUp("m"));

        assertEquals(200, submitted.status(), submitted.body());
        var data = submitted.json().get("data");
        assertEquals(unknown, data.get("threadId").asText());
        assertEquals("", data.get("agentId").asText(), "the path names no agent, and none is invented: " + data);
        var registered = api.get("/v1/threads/" + unknown);
        assertEquals(200, registered.status(), registered.body());
        assertTrue(registered.json().get("agent_id").isNull());
        assertEquals(List.of(data), List.copyOf(iterable(get(threadPath(unknown)).json().get("data"))));
    }

    static List<JsonNode> iterable(JsonNode array) {
        var items = new java.util.ArrayList<JsonNode>();
        array.forEach(items::add);
        return items;
    }

    @Test
    void another_tenants_thread_and_chat_are_neither_seen_nor_changed() {
        var other = hub.otherTenant();
        var thread = unique("thread");
        registerThread(other, thread, "agent-123");
        var chat = UUID.randomUUID().toString();
        registerThread(other, chat, "default");
        assertEquals(200, devic(other, "POST", threadPath(thread), aThumbsUp("m")).status());

        assertDevicError(get(threadPath(thread)), 404, "Not Found");
        // The same ids name this tenant's own conversations, which a first feedback registers apart from theirs.
        // distinct messages: a message is the slot, whichever conversation names it
        assertEquals(200, post(threadPath(thread), aThumbsDown(unique("m"), "cross-tenant")).status());
        assertEquals(200, post(chatPath("sales-assistant", chat), aThumbsUp(unique("m"))).status());
        assertEquals(1, get(threadPath(thread)).json().get("data").size(), "only this tenant's own entry");
        assertEquals("", get(threadPath(thread)).json().get("data").get(0).get("agentId").asText(), "not the other tenant's agent");
        assertDevicError(devic(other, "POST", chatPath("sales-assistant", chat), aThumbsUp("m")), 404, "Not Found");
        var theirs = devic(other, "GET", threadPath(thread), null).json().get("data");
        assertEquals(1, theirs.size());
        assertTrue(theirs.get(0).get("feedback").asBoolean(), "the other tenant's entry is untouched");
    }

    // ---------------------------------------------------------------- bad input and credentials

    @Test
    void a_bad_body_is_a_400_in_devics_envelope_and_writes_nothing() {
        var chat = aChatOf("default");
        var path = chatPath("default", chat);
        // The request breaks the contract on purpose; 400 is our documented choice, so its status is not in it.
        var badRequestKeys = new String[]{"validation.request.body.schema.required", "validation.request.body.schema.type",
                "validation.request.body.schema.invalidJson", "validation.request.body.missing", "validation.response.status.unknown"};

        var missing = devic(api, "POST", path, "{\"feedback\": true}", badRequestKeys);
        var wrongTypes = devic(api, "POST", path,
                "{\"messageId\": 7, \"feedback\": \"yes\", \"feedbackComment\": 5, \"feedbackData\": [1]}", badRequestKeys);
        var notJson = devic(api, "POST", path, "{\"messageId\": ", badRequestKeys);
        var notAnObject = devic(api, "POST", path, "[\"msg-1\"]", badRequestKeys);
        var noValue = devic(api, "POST", path, "{\"messageId\": \"msg-1\", \"feedbackData\": {\"x\": 1}}", badRequestKeys);
        var emptyId = devic(api, "POST", path, "{\"messageId\": \"\", \"feedback\": true}", badRequestKeys);

        for (var r : List.of(missing, wrongTypes, notJson, notAnObject, noValue, emptyId)) {
            assertDevicError(r, 400, "Bad Request");
        }
        assertEquals("messageId", missing.json().get("details").get(0).get("field").asText());
        assertEquals("missing", missing.json().get("details").get(0).get("code").asText());
        var fields = wrongTypes.json().get("details").findValuesAsText("field");
        assertEquals(List.of("messageId", "feedback", "feedbackComment", "feedbackData"), fields);
        assertEquals("feedback", noValue.json().get("details").get(0).get("field").asText());
        assertEquals(0, nativeFeedbackOf(chat).size(), "nothing was written");
    }

    @Test
    void a_missing_or_wrong_key_is_a_401_in_devics_envelope() {
        var chat = aChatOf("default");

        var noKey = devic(api.withKey(null), "POST", chatPath("default", chat), aThumbsUp("m"),
                "validation.request.security.missing", "validation.response.status.unknown");
        var wrongKey = devic(api.withKey("devic-not-a-key"), "GET", chatPath("default", chat), null,
                "validation.response.status.unknown");

        assertDevicError(noKey, 401, "Unauthorized");
        assertDevicError(wrongKey, 401, "Unauthorized");
        assertEquals(0, nativeFeedbackOf(chat).size());
    }

    @Test
    void a_publishable_key_may_submit_but_not_list() {
        var chat = aChatOf("default");
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));

        var submitted = devic(browser, "POST", chatPath("default", chat), aThumbsUp(unique("m")));
        var listed = devic(browser, "GET", chatPath("default", chat), null, "validation.response.status.unknown");

        assertEquals(200, submitted.status(), submitted.body());
        assertDevicError(listed, 403, "Forbidden");
    }

    @Test
    void an_unknown_path_under_the_prefix_answers_in_devics_envelope() {
        var response = api.get(BASE + "/api/v1/assistants/default/chats/c/nothing");

        assertDevicError(response, 404, "Not Found");
        assertNull(response.json().get("data"));
    }
}
