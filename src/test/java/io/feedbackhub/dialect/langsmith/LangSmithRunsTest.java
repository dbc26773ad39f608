package io.feedbackhub.dialect.langsmith;

import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LangSmith's run ingestion beyond what the JS SDK's JSON batch exercises: post then patch, multipart, bad bodies. */
@HubTest
class LangSmithRunsTest {
    @Parameter
    TestHub hub;

    @Test
    void a_patch_after_the_post_adds_the_answer_and_the_latency() {
        var run = UUID.randomUUID().toString();
        var post = hub.api.post("/compat/langsmith/runs", """
                {"id": "%s", "name": "ChatOpenAI", "run_type": "llm", "inputs": {"messages": ["hi"]},
                 "start_time": "2026-12-01T10:00:00.000000", "extra": {"invocation_params": {"model": "gpt-4o"},
                 "metadata": {"thread_id": "thread-%s"}}}""".formatted(run, run));
        assertEquals(202, post.status(), post.body());

        var patch = hub.api.patch("/compat/langsmith/runs/" + run, """
                {"end_time": "2026-12-01T10:00:00.400000", "outputs": {"generations": [[{"text": "hello"}]],
                 "llm_output": {"token_usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}}}""");
        assertEquals(202, patch.status(), patch.body());

        var message = hub.api.get("/v1/messages/" + run).json();
        assertEquals("gpt-4o", message.get("model").asText());
        assertEquals("hello", message.get("content").asText());
        assertEquals("thread-" + run, message.get("thread_id").asText());
        assertEquals(400, message.get("trace").get("latency_ms").asInt());
        assertEquals(3, message.get("trace").get("input_tokens").asInt());
        assertEquals(1, message.get("trace").get("output_tokens").asInt());
        assertEquals(run, message.get("trace").get("span_id").asText());
    }

    @Test
    void the_multipart_shape_records_the_run_from_its_parts() throws Exception {
        var run = UUID.randomUUID().toString();
        var boundary = "----fh" + UUID.randomUUID();
        var body = part(boundary, "post." + run, "{\"id\": \"" + run + "\", \"name\": \"answer\", \"run_type\": \"chain\", \"trace_id\": \"" + run + "\"}")
                + part(boundary, "post." + run + ".inputs", "{\"question\": \"why\"}")
                + part(boundary, "post." + run + ".outputs", "{\"output\": \"because\"}")
                + part(boundary, "feedback." + UUID.randomUUID(), "{\"key\": \"ignored\"}")
                + "--" + boundary + "--\r\n";
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/compat/langsmith/runs/multipart"))
                .header("x-api-key", TestHub.SECRET_KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(202, response.statusCode(), response.body());
        var message = hub.api.get("/v1/messages/" + run).json();
        assertEquals("{\"question\":\"why\"}", message.get("prompt").asText());
        assertEquals("because", message.get("content").asText());
    }

    @Test
    void bad_runs_get_fastapis_422_and_nothing_of_the_batch_is_written() {
        var good = UUID.randomUUID().toString();
        for (var body : new String[]{"[]", "{\"name\": \"no id\"}", "{\"id\": \"not-a-uuid\"}", "{\"id\": \"" + good + "\", \"inputs\": 3}", "{"}) {
            var response = hub.api.post("/compat/langsmith/runs", body);
            assertEquals(422, response.status(), body + " → " + response.body());
            assertTrue(response.json().has("detail"), response.body());
        }
        var batch = hub.api.post("/compat/langsmith/runs/batch", """
                {"post": [{"id": "%s", "run_type": "llm"}, {"id": "nope"}]}""".formatted(good));
        assertEquals(422, batch.status(), batch.body());
        assertEquals(404, hub.api.get("/v1/messages/" + good).status(), "a refused batch writes nothing");
        var notMultipart = hub.api.post("/compat/langsmith/runs/multipart", "{}");
        assertEquals(422, notMultipart.status(), notMultipart.body());
    }

    private static String part(String boundary, String name, String json) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: application/json\r\n\r\n"
                + json + "\r\n";
    }
}
