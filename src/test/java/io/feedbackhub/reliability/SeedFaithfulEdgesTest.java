package io.feedbackhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges of the seed doors where a client sees the vendor's server itself: a wrong method is FastAPI's 405
 * (Scale, Contextual, VirtuousAI, Parea), a malformed path or an oversized header is refused in the door's shape,
 * every seed door records an end user's vote with one {@code source}, and a NUL in a Parea project name is answered
 * alike on both stores.
 */
@HubTest
class SeedFaithfulEdgesTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** FastAPI's {@code HTTPException} answer: JSON {@code {"detail": <text>}} and nothing else. */
    static void assertFastApiDetail(Api.Response r, int status, String detail) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type") + " " + r.body());
        var body = r.json();
        assertEquals(1, body.size(), r.body());
        if (detail != null) {
            assertEquals(detail, body.get("detail").asText(), r.body());
        } else {
            assertTrue(body.get("detail").isTextual() && !body.get("detail").asText().isBlank(), r.body());
        }
    }

    // ---------------------------------------------------------------- a wrong method

    @Test
    void a_wrong_method_at_a_fastapi_door_is_405_method_not_allowed_with_allow() {
        var cases = new LinkedHashMap<String, String>();
        cases.put("GET /compat/scale/v4/threads/t-1/messages/m-1/feedback", "PUT, DELETE");
        cases.put("PATCH /compat/scale/v4/threads/t-1/messages/m-1/feedback", "PUT, DELETE");
        cases.put("GET /compat/contextual/v1/agents/" + UUID.randomUUID() + "/feedback", "POST");
        cases.put("PUT /compat/virtuous/api/v1/feedback/" + UUID.randomUUID(), "GET, PATCH, DELETE");
        cases.put("DELETE /compat/virtuous/api/v1/feedback", "POST");
        cases.put("GET /compat/parea/api/parea/v1/feedback", "POST");
        cases.put("PUT /compat/parea/api/parea/v1/project", "POST");

        cases.forEach((request, allow) -> {
            var methodAndPath = request.split(" ", 2);

            var answer = api.send(methodAndPath[0], methodAndPath[1], methodAndPath[0].equals("GET") || methodAndPath[0].equals("DELETE") ? null : "{}");

            assertFastApiDetail(answer, 405, "Method Not Allowed");
            assertEquals(allow, answer.header("Allow"), request);
        });
    }

    @Test
    void a_wrong_method_elsewhere_answers_in_that_doors_shape() {
        var devic = api.send("PUT", "/compat/devic/api/v1/agents/threads/t-1/feedback", "{}");
        var nativeApi = api.send("PUT", "/v1/feedback", "{}");

        // Devic is NestJS on Express: a path served with other methods is an unknown route
        assertEquals(404, devic.status(), devic.body());
        assertEquals("Cannot PUT /compat/devic/api/v1/agents/threads/t-1/feedback", devic.json().get("message").asText());
        assertEquals(false, devic.json().get("success").asBoolean());
        assertEquals(405, nativeApi.status(), nativeApi.body());
        assertTrue(nativeApi.header("Content-Type").startsWith("application/problem+json"));
        assertEquals("GET, POST", nativeApi.header("Allow"));
    }

    @Test
    void an_unknown_path_under_a_fastapi_door_is_still_404_not_found() {
        assertFastApiDetail(api.get("/compat/scale/v4/nothing"), 404, "Not Found");
        assertFastApiDetail(api.get("/compat/parea/api/parea/v1/nothing"), 404, "Not Found");
    }

    // ---------------------------------------------------------------- requests the HTTP server cannot read

    @Test
    void a_malformed_path_at_a_fastapi_door_is_refused_in_fastapis_shape() {
        var targets = Map.of(
                "/compat/scale/v4/threads/a%2Fb/messages/m/feedback", "PUT",
                "/compat/scale/v4/threads/%2e%2e/%2e%2e/%2e%2e/messages/m/feedback", "PUT",
                "/compat/virtuous/api/v1/feedback/%C3%28", "GET",
                "/compat/virtuous/api/v1/feedback/%ED%A0%80", "GET",
                "/compat/contextual/v1/agents/a%5Cb/feedback", "POST",
                "/compat/parea/api/parea/v1/feedback%3B", "POST");
        targets.forEach((target, method) -> {
            var answer = RawHttp.send(hub.port(), method, target, method.equals("GET") ? null : "{}".getBytes(),
                    Map.of("x-api-key", api.key(), "Authorization", "Bearer " + api.key()));

            assertTrue(answer.status() >= 400 && answer.status() < 500, target + " " + answer.status() + " " + answer.body());
            assertTrue(answer.header("Content-Type").startsWith("application/json"), target + " " + answer.header("Content-Type"));
            assertEquals(List.of("detail"), fieldNames(answer.json()), target + " " + answer.body());
        });
    }

    /**
     * Jetty refuses a request line whose target has a malformed percent-escape or an encoded NUL while parsing it, and
     * keeps nothing of the path to pick a door by: problem+json, the one shape that names no vendor (RELIABILITY.md).
     */
    @Test
    void a_request_line_the_server_cannot_parse_is_refused_in_problem_json() {
        var answer = RawHttp.send(hub.port(), "PUT", "/compat/scale/v4/threads/%zz/messages/m/feedback", "{}".getBytes(), Map.of());

        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.header("Content-Type"));
        assertTrue(answer.json().get("detail").asText().startsWith(DoorShape.UNREADABLE), answer.body());
    }

    static List<String> fieldNames(JsonNode body) {
        var names = new java.util.ArrayList<String>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void an_oversized_header_is_refused_in_the_doors_shape() {
        // Over Jetty's 8 KiB header limit, yet small enough that Jetty reads all of it before it answers and closes
        // (unread bytes at close would reset the connection under the answer).
        var huge = "x".repeat(12 * 1024);

        var scale = RawHttp.send(hub.port(), "PUT", "/compat/scale/v4/threads/t/messages/m/feedback", "{}".getBytes(),
                Map.of("x-api-key", api.key(), "X-Padding", huge));
        var devic = RawHttp.send(hub.port(), "POST", "/compat/devic/api/v1/agents/threads/t/feedback", "{}".getBytes(),
                Map.of("Authorization", "Bearer " + api.key(), "X-Padding", huge));

        assertFastApiDetail(scale, 431, null);
        assertEquals(431, devic.status(), devic.body());
        assertEquals(false, devic.json().get("success").asBoolean(), devic.body());
        assertEquals(431, devic.json().get("statusCode").asInt(), devic.body());
    }

    // ---------------------------------------------------------------- one source for end users' votes

    @Test
    void every_seed_door_records_an_end_users_vote_as_source_user() {
        var thread = "t-" + UUID.randomUUID();
        var interaction = "m-" + UUID.randomUUID();
        var scale = api.put("/compat/scale/v4/threads/%s/messages/%s/feedback".formatted(thread, interaction), """
                {"chat_thread_id": "%s", "application_interaction_id": "%s", "sentiment": "negative", "description": "wrong"}"""
                .formatted(thread, interaction), "x-api-key", api.key());
        var contextualMessage = UUID.randomUUID().toString();
        var contextual = api.post("/compat/contextual/v1/agents/" + UUID.randomUUID() + "/feedback",
                "{\"message_id\": \"%s\", \"feedback\": \"thumbs_up\"}".formatted(contextualMessage));
        var virtuousMessage = UUID.randomUUID().toString();
        var virtuous = api.post("/compat/virtuous/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "reaction", "messageId": "%s", "threadId": "%s", "reaction": "thumbs_up"}"""
                .formatted(UUID.randomUUID(), virtuousMessage, UUID.randomUUID()));
        var chat = UUID.randomUUID().toString();
        assertEquals(200, api.put("/v1/threads/" + chat, "{\"agent_id\": \"default\"}").status());
        var devic = api.post("/compat/devic/api/v1/assistants/default/chats/" + chat + "/feedback", "{\"messageId\": \"m\", \"feedback\": true}");
        var trace = UUID.randomUUID().toString();
        var parea = api.post("/compat/parea/api/parea/v1/feedback", "{\"trace_id\": \"%s\", \"score\": 1}".formatted(trace));

        for (var written : List.of(scale, contextual, virtuous, devic, parea)) {
            assertEquals(200, written.status(), written.body());
        }
        assertEquals("user", only("message_id=" + interaction).get("source").asText(), "Scale");
        assertEquals("user", only("message_id=" + contextualMessage).get("source").asText(), "Contextual");
        assertEquals("user", only("message_id=" + virtuousMessage).get("source").asText(), "VirtuousAI");
        assertEquals("user", only("thread_id=" + chat).get("source").asText(), "Devic");
        assertEquals("user", only("trace_id=" + trace).get("source").asText(), "Parea");
    }

    JsonNode only(String query) {
        var items = api.get("/v1/feedback?" + query).json().get("items");
        assertEquals(1, items.size(), query + " " + items);
        return items.get(0);
    }

    // ---------------------------------------------------------------- Parea projects

    @Test
    void a_nul_in_a_parea_project_name_is_a_422_at_the_name_on_both_stores() {
        var refused = api.post("/compat/parea/api/parea/v1/project", "{\"name\": \"support\\u0000bot\"}", "x-api-key", api.key());

        assertEquals(422, refused.status(), refused.body());
        var detail = refused.json().get("detail");
        assertEquals(1, detail.size(), refused.body());
        assertEquals("[\"body\",\"name\"]", detail.get(0).get("loc").toString());
        assertEquals("value_error", detail.get(0).get("type").asText());
        var fine = api.post("/compat/parea/api/parea/v1/project", "{\"name\": \"support bot\"}", "x-api-key", api.key());
        assertEquals(200, fine.status(), fine.body());
    }
}
