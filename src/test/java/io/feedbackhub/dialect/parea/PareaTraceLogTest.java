package io.feedbackhub.dialect.parea;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parea's tracing calls. npm serves no {@code parea-ai} package we can install here, so the bodies are exactly what
 * parea-sdk-ts (github parea-ai/parea-sdk-ts, commit 42f2809) sends: {@code src/parea_logger.ts} posts the
 * {@code TraceLog} that {@code src/utils/core/Trace.ts} builds (trace_id, trace_name, start_timestamp, depth,
 * execution_order, parent_trace_id, root_trace_id, children, end_user_identifier, session_id, ... plus project_uuid)
 * and that {@code src/utils/wrappers/OpenAIWrapper.ts#finalizeTrace} fills for an OpenAI call (configuration, output,
 * status, latency in seconds, end_timestamp, token counts, cost); {@code updateLog} PUTs {@code {trace_id,
 * field_name_to_value_map}}. The SDK retries any non-2xx twice (axios-retry in {@code src/api-client.ts}).
 */
@HubTest
class PareaTraceLogTest {
    private static final String BASE = "/compat/parea/api/parea/v1";

    @Parameter
    TestHub hub;

    static String rootLog(String root, String session) {
        return """
                {"trace_id": "%s", "trace_name": "answer", "start_timestamp": "2026-12-01T10:00:00.000Z", "depth": 0,
                 "execution_order": 0, "root_trace_id": "%s", "children": [], "end_user_identifier": "user-42",
                 "session_id": "%s", "deployment_id": "p-dep-1", "metadata": {"prompt_version": "v7"},
                 "inputs": {"question": "How do I get a refund?"}, "output": "Refunds are paid within 14 days.",
                 "end_timestamp": "2026-12-01T10:00:02.000Z", "latency": 2, "project_uuid": "proj-1"}"""
                .formatted(root, root, session);
    }

    static String llmLog(String id, String root) {
        return """
                {"trace_id": "%s", "trace_name": "llm-gpt-4o-mini", "start_timestamp": "2026-12-01T10:00:00.500Z",
                 "depth": 1, "execution_order": 1, "parent_trace_id": "%s", "root_trace_id": "%s", "children": [],
                 "configuration": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "How do I get a refund?"}],
                   "functions": [], "function_call": null, "model_params": {"temp": 1, "top_p": 1, "frequency_penalty": 0,
                   "presence_penalty": 0, "response_format": null}},
                 "output": "Refunds are paid within 14 days.", "status": "success", "latency": 1.25,
                 "end_timestamp": "2026-12-01T10:00:01.750Z", "input_tokens": 12, "output_tokens": 9,
                 "total_tokens": 21, "cost": 0.0001, "project_uuid": "proj-1"}"""
                .formatted(id, root, root);
    }

    Api.Response post(String path, String body) {
        return hub.api.post(BASE + path, body, "x-api-key", hub.api.key());
    }

    @Test
    void the_sdks_trace_logs_become_messages_and_feedback_on_the_root_inherits_the_model() {
        var root = "trace-" + UUID.randomUUID();
        var llm = "trace-" + UUID.randomUUID();
        var session = "session-" + UUID.randomUUID();

        // the SDK sends children first: a child trace ends before its root
        assertEquals(200, post("/trace_log", llmLog(llm, root)).status());
        assertEquals(200, post("/trace_log", rootLog(root, session)).status());
        var feedback = post("/feedback", "{\"trace_id\": \"" + root + "\", \"score\": 1.0}");
        assertEquals(200, feedback.status(), feedback.body());

        var child = hub.api.get("/v1/messages/" + llm).json();
        assertEquals("gpt-4o-mini", child.get("model").asText());
        assertEquals("[{\"role\":\"user\",\"content\":\"How do I get a refund?\"}]", child.get("prompt").asText());
        assertEquals("Refunds are paid within 14 days.", child.get("content").asText());
        assertEquals(1250, child.get("trace").get("latency_ms").asInt());
        assertEquals(12, child.get("trace").get("input_tokens").asInt());
        assertEquals(9, child.get("trace").get("output_tokens").asInt());
        assertEquals(root, child.get("trace").get("trace_id").asText());
        assertEquals("llm-gpt-4o-mini", child.get("metadata").get("name").asText());
        var message = hub.api.get("/v1/messages/" + root).json();
        assertEquals(session, message.get("thread_id").asText());
        assertEquals("gpt-4o-mini", message.get("model").asText());
        assertEquals("user-42", message.get("trace").get("user_id").asText());
        var stored = hub.api.get("/v1/feedback?trace_id=" + root).json().get("items").get(0);
        assertEquals("gpt-4o-mini", stored.get("metadata").get("model").asText());
        assertEquals("v7", stored.get("metadata").get("prompt_version").asText());
        assertEquals(session, stored.get("thread_id").asText());
    }

    @Test
    void feedback_before_the_trace_log_inherits_once_the_log_arrives() {
        var root = "trace-" + UUID.randomUUID();
        var llm = "trace-" + UUID.randomUUID();
        assertEquals(200, post("/feedback", "{\"trace_id\": \"" + root + "\", \"score\": 0.0}").status());

        assertEquals(200, post("/trace_log", rootLog(root, "session-" + UUID.randomUUID())).status());
        assertEquals(200, post("/trace_log", llmLog(llm, root)).status());

        var stored = hub.api.get("/v1/feedback?trace_id=" + root).json().get("items").get(0);
        assertEquals("gpt-4o-mini", stored.get("metadata").get("model").asText());
    }

    @Test
    void an_update_amends_the_recorded_log() {
        var root = "trace-" + UUID.randomUUID();
        assertEquals(200, post("/trace_log", rootLog(root, "session-" + UUID.randomUUID())).status());

        var update = hub.api.put(BASE + "/trace_log", """
                {"trace_id": "%s", "field_name_to_value_map": {"output": "Refunds take 14 days.", "metadata": {"reviewed": "yes"}}}"""
                .formatted(root), "x-api-key", hub.api.key());

        assertEquals(200, update.status(), update.body());
        var message = hub.api.get("/v1/messages/" + root).json();
        assertEquals("Refunds take 14 days.", message.get("content").asText());
        assertEquals("yes", message.get("metadata").get("reviewed").asText());
        assertEquals("user-42", message.get("trace").get("user_id").asText(), "what the update did not say is kept");
        assertEquals(2000, message.get("trace").get("latency_ms").asInt(), "what the update did not say is kept");
    }

    @Test
    void bad_trace_logs_get_fastapis_422_and_record_nothing() {
        for (var body : new String[]{"[]", "{\"trace_name\": \"x\"}", "{\"trace_id\": 7}", "{\"trace_id\": \"t\", \"configuration\": 3}", "{"}) {
            var response = post("/trace_log", body);
            assertEquals(422, response.status(), body + " → " + response.body());
            assertTrue(response.json().get("detail").isArray(), response.body());
        }
        var update = hub.api.put(BASE + "/trace_log", "{\"trace_id\": \"t\"}", "x-api-key", hub.api.key());
        assertEquals(422, update.status(), update.body());
        assertEquals(404, hub.api.get("/v1/messages/t").status());
    }
}
