package io.feedbackhub.dialect.langsmith;

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
 * The LangSmith JS SDK ({@code langsmith}, pinned in src/test/js/package-lock.json) tracing one answer into a real
 * server ({@code src/test/js/langsmith-tracing.mjs}): {@code traceable} around a chain with a retriever and an LLM run,
 * then {@code createFeedback} on the root run. The root and the LLM run are messages, the retrieved chunk a content,
 * the feedback inherits the model; the SDK made no failed request and logged nothing.
 */
@NeedsNode
@HubTest
class LangSmithTracingSdkTest {
    @Parameter
    TestHub hub;
    JsonNode sdk;
    String session;
    String chunk;
    String root;

    @BeforeParameterizedClassInvocation
    void traceThroughTheSdk() {
        session = "session-" + UUID.randomUUID();
        chunk = "chunk-" + UUID.randomUUID();
        sdk = NodeScript.run("langsmith-tracing.mjs", Map.of(
                "FH_BASE_URL", hub.baseUrl(),
                "FH_SECRET_KEY", TestHub.SECRET_KEY,
                "FH_SESSION_ID", session,
                "FH_CHUNK_ID", chunk,
                "FH_PROJECT_ID", UUID.randomUUID().toString()));
        root = sdk.get("rootRunId").asText();
    }

    @Test
    void the_sdk_logged_no_error_and_retried_nothing() {
        assertEquals(0, sdk.get("logged").size(), "the SDK logged: " + sdk.get("logged"));
        var runRequests = 0;
        for (var request : sdk.get("requests")) {
            assertTrue(request.get("status").asInt() < 300, "the SDK got " + request + " in " + sdk.get("requests"));
            runRequests += request.get("url").asText().contains("/runs") ? 1 : 0;
        }
        assertTrue(runRequests >= 1, "the SDK sent its runs: " + sdk.get("requests"));
    }

    @Test
    void the_root_run_is_a_message_with_its_thread_prompt_answer_and_the_llm_runs_model() {
        var message = hub.api.get("/v1/messages/" + root).json();

        assertEquals(session, message.get("thread_id").asText());
        assertTrue(message.get("prompt").asText().contains("How do I get a refund?"), message.toString());
        assertTrue(message.get("content").asText().contains("Refunds are paid within 14 days."), message.toString());
        assertEquals("gpt-4o-mini", message.get("model").asText());
        assertEquals("v7", message.get("metadata").get("prompt_version").asText());
    }

    @Test
    void the_llm_run_is_a_message_with_model_tokens_and_latency_in_the_roots_thread() {
        var messages = hub.api.get("/v1/messages?thread_id=" + session).json().get("items");
        JsonNode llm = null;
        for (var m : messages) {
            if ("llm".equals(m.path("metadata").path("run_type").asText())) {
                llm = m;
            }
        }
        assertTrue(llm != null, "no llm run among " + messages);
        assertEquals("gpt-4o-mini", llm.get("model").asText());
        assertEquals("Refunds are paid within 14 days.", llm.get("content").asText());
        assertEquals(root, llm.get("trace").get("trace_id").asText());
        assertEquals(21, llm.get("trace").get("input_tokens").asInt() + llm.get("trace").get("output_tokens").asInt());
        assertTrue(llm.get("trace").get("latency_ms").isIntegralNumber(), llm.toString());
        assertTrue(!llm.get("metadata").has("latency_ms"), llm.toString());
    }

    @Test
    void the_retrieved_document_is_a_content() {
        var content = hub.api.get("/v1/contents/" + chunk).json();

        assertEquals("Refund policy", content.get("title").asText());
        assertEquals("https://docs.example.com/refunds", content.get("source_url").asText());
    }

    @Test
    void feedback_on_the_root_run_inherits_its_model_and_thread() {
        var items = hub.api.get("/v1/feedback?message_id=" + root).json().get("items");
        assertEquals(1, items.size(), items.toString());
        var feedback = items.get(0);

        assertEquals(session, feedback.get("thread_id").asText());
        assertEquals("gpt-4o-mini", feedback.get("metadata").get("model").asText());
        assertEquals("v7", feedback.get("metadata").get("prompt_version").asText());
    }
}
