package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.NeedsNode;
import io.feedbackhub.testing.NodeScript;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Langfuse JS SDK 3.x ({@code langfuse}, pinned in src/test/js/package-lock.json) tracing one answer into a real
 * server ({@code src/test/js/langfuse-tracing.mjs}): trace(), a retriever span, generation() and end(), then a score
 * on the trace. The trace and the generation are messages, the retrieved chunk a content, and the score inherits
 * the trace's model and dimensions; the SDK logged nothing.
 */
@NeedsNode
@HubTest
class LangfuseTracingSdkTest {
    @Parameter
    TestHub hub;
    JsonNode sdk;
    String trace;
    String generation;
    String session;
    String chunk;
    String score;

    @BeforeParameterizedClassInvocation
    void traceThroughTheSdk() {
        trace = "trace-" + UUID.randomUUID();
        generation = "gen-" + UUID.randomUUID();
        session = "session-" + UUID.randomUUID();
        chunk = "chunk-" + UUID.randomUUID();
        score = UUID.randomUUID().toString();
        sdk = NodeScript.run("langfuse-tracing.mjs", Map.of(
                "FH_BASE_URL", hub.baseUrl(),
                "FH_SECRET_KEY", TestHub.SECRET_KEY,
                "FH_TRACE_ID", trace,
                "FH_GENERATION_ID", generation,
                "FH_SESSION_ID", session,
                "FH_CHUNK_ID", chunk,
                "FH_SCORE_ID", score));
    }

    @Test
    void the_sdk_logged_no_error_and_sent_each_batch_once() {
        assertEquals(0, sdk.get("logged").size(), "the SDK logged: " + sdk.get("logged"));
        for (var request : sdk.get("requests")) {
            assertTrue(request.get("status").asInt() < 300, "the SDK got " + request);
        }
    }

    @Test
    void the_trace_is_a_message_with_its_prompt_answer_thread_and_dimensions() {
        var message = hub.api.get("/v1/messages/" + trace).json();

        assertEquals(session, message.get("thread_id").asText());
        assertEquals("{\"question\":\"How do I get a refund?\"}", message.get("prompt").asText());
        assertEquals("Refunds are paid within 14 days.", message.get("content").asText());
        assertEquals("gpt-4o-mini", message.get("model").asText(), "the trace takes its generation's model");
        var metadata = message.get("metadata");
        assertEquals("user-42", message.get("trace").get("user_id").asText());
        assertEquals(trace, message.get("trace").get("trace_id").asText());
        assertTrue(!metadata.has("user_id"), "an end user is no dimension: " + metadata);
        assertEquals("2026.12.1", metadata.get("release").asText());
        assertEquals("checkout-v2", metadata.get("version").asText());
        assertEquals("v7", metadata.get("prompt_version").asText());
    }

    @Test
    void the_generation_is_a_message_with_model_usage_latency_and_its_trace() {
        var message = hub.api.get("/v1/messages/" + generation).json();

        assertEquals(session, message.get("thread_id").asText());
        assertEquals("gpt-4o-mini", message.get("model").asText());
        assertEquals("Refunds are paid within 14 days.", message.get("content").asText());
        var metadata = message.get("metadata");
        var t = message.get("trace");
        assertEquals(trace, t.path("trace_id").asText(), message.toString());
        assertEquals(generation, t.path("span_id").asText(), message.toString());
        assertEquals(12, t.get("input_tokens").asInt());
        assertEquals(9, t.get("output_tokens").asInt());
        assertEquals(1250, t.get("latency_ms").asInt());
        for (var notADimension : new String[]{"trace_id", "input_tokens", "latency_ms", "start_time"}) {
            assertTrue(!metadata.has(notADimension), notADimension + " is no dimension: " + metadata);
        }
    }

    @Test
    void the_retrieved_document_is_a_content() {
        var content = hub.api.get("/v1/contents/" + chunk).json();

        assertEquals("Refund policy", content.get("title").asText());
        assertEquals("https://docs.example.com/refunds", content.get("source_url").asText());
        assertEquals("Refunds are paid within 14 days.", content.get("text").asText(), "what the chunk said: " + content);
    }

    @Test
    void the_score_on_the_trace_inherits_the_traces_model_and_dimensions() {
        var items = hub.api.get("/v1/feedback?trace_id=" + trace).json().get("items");
        assertEquals(1, items.size(), items.toString());
        var feedback = items.get(0);

        assertEquals(trace, feedback.get("message_id").asText());
        assertEquals(session, feedback.get("thread_id").asText());
        assertEquals("gpt-4o-mini", feedback.get("metadata").path("model").asText(), feedback.toString());
        assertEquals("v7", feedback.get("metadata").path("prompt_version").asText(), feedback.toString());
        var basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("pk-lf-any:" + TestHub.SECRET_KEY).getBytes());
        var read = hub.api.get("/compat/langfuse/api/public/scores/" + score, "Authorization", basic).json();
        assertEquals(trace, read.get("traceId").asText());
        assertTrue(read.get("observationId").isNull(), "a trace score reads back without an observation: " + read);
    }
}
