package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.ContentService;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static io.feedbackhub.context.Otlp.span;
import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Context from every tracing door lands the same way (context.TraceRecorder): trace columns, not metadata, so the
 * context retention forgets what Langfuse, LangSmith and Parea traced as it does OpenTelemetry's, while the feedback
 * keeps what it inherited; a vendor's update of a message OpenTelemetry recorded keeps its trace columns; retrieved
 * chunks keep what they said.
 */
@HubTest
class TracedContextTest {
    static final String LANGFUSE_INGESTION = "/compat/langfuse/api/public/ingestion";
    static final String PAREA_TRACE_LOG = "/compat/parea/api/parea/v1/trace_log";

    @Parameter
    TestHub hub;

    String langfuseAuth() {
        return "Basic " + Base64.getEncoder().encodeToString(("pk-lf-any:" + TestHub.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
    }

    void ingest(String... events) {
        var r = hub.api.post(LANGFUSE_INGESTION, "{\"batch\": [" + String.join(",", events) + "]}", "Authorization", langfuseAuth());
        assertEquals(207, r.status(), r.body());
        assertEquals(0, r.json().get("errors").size(), r.body());
    }

    static String event(String type, String body) {
        return "{\"id\": \"%s\", \"type\": \"%s\", \"timestamp\": \"2026-12-01T10:00:00.000Z\", \"body\": %s}"
                .formatted(UUID.randomUUID(), type, body);
    }

    /** A Langfuse trace with its generation, as the SDK's trace() and generation().end() send them. */
    void aLangfuseTrace(String trace, String user) {
        ingest(event("trace-create", """
                        {"id": "%s", "name": "answer", "userId": "%s", "sessionId": "%s", "environment": "production",
                         "metadata": {"prompt_version": "v7"}, "input": "How do I get a refund?", "output": "Within 14 days."}"""
                        .formatted(trace, user, unique("session"))),
                event("generation-create", """
                        {"id": "%s", "traceId": "%s", "name": "llm", "model": "gpt-4o-mini", "startTime": "2026-12-01T10:00:00.000Z",
                         "input": [{"role": "user", "content": "How do I get a refund?"}]}""".formatted(unique("gen"), trace)));
    }

    void aLangSmithRootRun(String run, String thread) {
        var r = hub.api.post("/compat/langsmith/runs", """
                {"id": "%s", "name": "answer", "run_type": "llm", "inputs": {"question": "How do I get a refund?"},
                 "outputs": {"output": "Within 14 days."}, "start_time": "2026-12-01T10:00:00.000000",
                 "end_time": "2026-12-01T10:00:00.250000",
                 "extra": {"invocation_params": {"model": "gpt-4o-mini"}, "metadata": {"prompt_version": "v7", "thread_id": "%s"}}}"""
                .formatted(run, thread));
        assertEquals(202, r.status(), r.body());
    }

    void aPareaLog(String trace, String user) {
        var r = hub.api.post(PAREA_TRACE_LOG, """
                {"trace_id": "%s", "root_trace_id": "%s", "trace_name": "answer", "end_user_identifier": "%s",
                 "configuration": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "How do I get a refund?"}]},
                 "output": "Within 14 days.", "latency": 0.5, "input_tokens": 12, "output_tokens": 9, "cost": 0.0001,
                 "metadata": {"prompt_version": "v7"}, "start_timestamp": "2026-12-01T10:00:00.000Z"}"""
                .formatted(trace, trace, user), "x-api-key", hub.api.key());
        assertEquals(200, r.status(), r.body());
    }

    JsonNode message(String id) {
        var r = hub.api.get("/v1/messages/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    String feedbackOn(String messageId) {
        var r = hub.api.post("/v1/feedback", "{\"message_id\": \"" + messageId + "\", \"label\": \"thumbs_down\", \"author_id\": \"" + unique("a") + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    void sweepPastTheRetention() {
        hub.hub().contextRetention().sweep(Instant.now().plus(ContextSettings.DEFAULT_RETENTION).plus(Duration.ofMinutes(1)));
    }

    void assertTextForgottenAndFeedbackKeepsItsDimensions(String messageId, String feedbackId) {
        var m = message(messageId);
        assertTrue(m.get("prompt").isNull() && m.get("content").isNull(), "the text is gone: " + m);
        assertEquals("gpt-4o-mini", m.get("model").asText(), m.toString());
        var feedback = hub.api.get("/v1/feedback/" + feedbackId).json();
        assertEquals("gpt-4o-mini", feedback.get("metadata").get("model").asText(), feedback.toString());
        assertEquals("v7", feedback.get("metadata").get("prompt_version").asText(), feedback.toString());
    }

    @Test
    void retention_forgets_what_langfuse_traced_and_its_feedback_keeps_the_inherited_dimensions() {
        var trace = unique("trace");
        aLangfuseTrace(trace, "user-1");
        var feedback = feedbackOn(trace);
        var before = message(trace);
        assertEquals(trace, before.get("trace").get("trace_id").asText(), before.toString());
        assertEquals("user-1", before.get("trace").get("user_id").asText(), before.toString());
        assertFalse(before.get("metadata").has("user_id"), before.toString());

        sweepPastTheRetention();

        assertTextForgottenAndFeedbackKeepsItsDimensions(trace, feedback);
        assertEquals("production", hub.api.get("/v1/feedback/" + feedback).json().get("metadata").get("environment").asText());
    }

    @Test
    void retention_forgets_what_langsmith_traced_and_its_feedback_keeps_the_inherited_dimensions() {
        var run = UUID.randomUUID().toString();
        aLangSmithRootRun(run, unique("thread"));
        var feedback = feedbackOn(run);
        var before = message(run).get("trace");
        assertEquals(250, before.get("latency_ms").asInt(), before.toString());

        sweepPastTheRetention();

        assertTextForgottenAndFeedbackKeepsItsDimensions(run, feedback);
    }

    @Test
    void retention_forgets_what_parea_traced_and_its_feedback_keeps_the_inherited_dimensions() {
        var trace = unique("trace");
        aPareaLog(trace, "user-2");
        var feedback = feedbackOn(trace);
        var before = message(trace);
        assertEquals(500, before.get("trace").get("latency_ms").asInt(), before.toString());
        assertEquals(12, before.get("trace").get("input_tokens").asInt(), before.toString());
        assertFalse(before.get("metadata").has("latency_ms") || before.get("metadata").has("cost"), before.toString());

        sweepPastTheRetention();

        assertTextForgottenAndFeedbackKeepsItsDimensions(trace, feedback);
    }

    @Test
    void a_langfuse_update_of_a_message_opentelemetry_recorded_keeps_its_trace_columns() {
        var trace = Otlp.traceId();
        var spanId = Otlp.spanId();
        var exported = Otlp.post(hub.baseUrl() + OtlpTracesTest.NATIVE, Otlp.request(OtlpTracesTest.RESOURCE,
                        span(trace, spanId, null, 1250, OtlpTracesTest.aChat(unique("conv")))).toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + TestHub.SECRET_KEY);
        assertEquals(200, exported.status(), exported.toString());

        ingest(event("trace-create", """
                {"id": "%s", "output": "Open Orders, then Refund.", "metadata": {"reviewed": "yes"}}""".formatted(trace)));

        var m = message(trace);
        assertEquals("Open Orders, then Refund.", m.get("content").asText());
        assertEquals("system: Be brief.\nuser: How do I get a refund?", m.get("prompt").asText(), "what the update did not say is kept");
        assertEquals("gpt-4o-2024-08-06", m.get("model").asText());
        assertEquals("yes", m.get("metadata").get("reviewed").asText());
        assertEquals("staging", m.get("metadata").get("environment").asText(), "the dimensions merge");
        var t = m.get("trace");
        assertEquals(trace, t.get("trace_id").asText());
        assertEquals(spanId, t.get("span_id").asText());
        assertEquals("u-42", t.get("user_id").asText());
        assertEquals(42, t.get("input_tokens").asInt());
        assertEquals(7, t.get("output_tokens").asInt());
        assertEquals(1250, t.get("latency_ms").asInt());
        assertEquals("stop", t.get("finish_reasons").asText());
    }

    @Test
    void a_langfuse_retriever_observation_registers_what_its_chunks_said() {
        var chunk = unique("chunk");
        ingest(event("span-create", """
                {"id": "%s", "traceId": "%s", "type": "RETRIEVER", "name": "retrieve",
                 "output": [{"pageContent": "Refunds are paid within 14 days.",
                             "metadata": {"id": "%s", "title": "Refund policy", "source": "https://docs.example.com/refunds"}}]}"""
                .formatted(unique("obs"), unique("trace"), chunk)));

        assertChunk(chunk, "Refunds are paid within 14 days.");
    }

    @Test
    void a_langsmith_retriever_run_registers_what_its_chunks_said() {
        var chunk = unique("chunk");
        var r = hub.api.post("/compat/langsmith/runs", """
                {"id": "%s", "name": "retrieve", "run_type": "retriever", "inputs": {"query": "refund"},
                 "outputs": {"documents": [{"page_content": "Refunds are paid within 14 days.", "type": "Document",
                   "metadata": {"id": "%s", "title": "Refund policy", "source": "https://docs.example.com/refunds"}}]}}"""
                .formatted(UUID.randomUUID(), chunk));
        assertEquals(202, r.status(), r.body());

        assertChunk(chunk, "Refunds are paid within 14 days.");
    }

    @Test
    void an_opentelemetry_retrieval_span_registers_what_its_chunks_said() {
        var chunk = unique("chunk");
        var attributes = OtlpTracesTest.attributes("gen_ai.operation.name", "retrieval", "gen_ai.retrieval.documents", """
                [{"id": "%s", "title": "Refund policy", "url": "https://docs.example.com/refunds",
                  "content": "Refunds are paid within 14 days."}]""".formatted(chunk));
        var exported = Otlp.post(hub.baseUrl() + OtlpTracesTest.NATIVE, Otlp.request(OtlpTracesTest.RESOURCE,
                        span(Otlp.traceId(), Otlp.spanId(), Otlp.spanId(), 3, attributes)).toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + TestHub.SECRET_KEY);
        assertEquals(200, exported.status(), exported.toString());

        assertChunk(chunk, "Refunds are paid within 14 days.");
    }

    @Test
    void a_parea_log_of_a_retriever_registers_what_its_chunks_said() {
        var chunk = unique("chunk");
        var output = "[{\\\"page_content\\\": \\\"Refunds are paid within 14 days.\\\", \\\"metadata\\\": {\\\"id\\\": \\\"%s\\\", \\\"title\\\": \\\"Refund policy\\\", \\\"source\\\": \\\"https://docs.example.com/refunds\\\"}}]"
                .formatted(chunk);
        var r = hub.api.post(PAREA_TRACE_LOG, """
                {"trace_id": "%s", "trace_name": "retrieve", "inputs": {"query": "refund"}, "output": "%s"}"""
                .formatted(unique("trace"), output), "x-api-key", hub.api.key());
        assertEquals(200, r.status(), r.body());

        assertChunk(chunk, "Refunds are paid within 14 days.");
    }

    @Test
    void a_chunks_text_is_clipped_to_the_limit_of_a_span_attribute_and_forgotten_by_the_retention() {
        var chunk = unique("chunk");
        var text = "x".repeat(ContentService.MAX_TEXT_LENGTH + 10);
        var r = hub.api.post("/compat/langsmith/runs", """
                {"id": "%s", "run_type": "retriever", "outputs": {"documents": [{"page_content": "%s", "metadata": {"id": "%s"}}]}}"""
                .formatted(UUID.randomUUID(), text, chunk));
        assertEquals(202, r.status(), r.body());
        assertEquals(ContentService.MAX_TEXT_LENGTH, hub.api.get("/v1/contents/" + chunk).json().get("text").asText().length());

        sweepPastTheRetention();

        assertTrue(hub.api.get("/v1/contents/" + chunk).json().get("text").isNull());
    }

    @Test
    void purging_an_end_user_removes_their_conversations_from_every_door_and_leaves_others() {
        var user = unique("user");
        var langfuseTrace = unique("trace");
        aLangfuseTrace(langfuseTrace, user);
        var langfuseThread = message(langfuseTrace).get("thread_id").asText();
        var otlpTrace = Otlp.traceId();
        var conversation = unique("conv");
        var chat = OtlpTracesTest.aChat(conversation);
        chat.put("user.id", user);
        assertEquals(200, Otlp.post(hub.baseUrl() + OtlpTracesTest.NATIVE, Otlp.request(OtlpTracesTest.RESOURCE,
                        span(otlpTrace, Otlp.spanId(), null, 10, chat)).toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + TestHub.SECRET_KEY).status());
        var pareaTrace = unique("trace");
        aPareaLog(pareaTrace, user);
        var someoneElses = unique("trace");
        aPareaLog(someoneElses, unique("other"));
        hub.api.post("/v1/feedback", "{\"message_id\": \"" + langfuseTrace + "\", \"label\": \"thumbs_up\", \"author_id\": \"" + user + "\"}");

        var purge = hub.api.post("/v1/authors/" + user + "/purge", "");

        assertEquals(200, purge.status(), purge.body());
        assertEquals(1, purge.json().get("purged").asInt(), purge.body());
        assertEquals(4, purge.json().get("purged_messages").asInt(), "trace, its generation, the span, the log: " + purge.body());
        assertEquals(2, purge.json().get("purged_threads").asInt(), purge.body());
        for (var gone : new String[]{langfuseTrace, otlpTrace, pareaTrace}) {
            assertEquals(404, hub.api.get("/v1/messages/" + gone).status(), gone);
        }
        assertEquals(0, hub.api.get("/v1/messages?thread_id=" + langfuseThread).json().get("items").size(), "the generation went with its thread");
        assertEquals(404, hub.api.get("/v1/threads/" + langfuseThread).status());
        assertEquals(404, hub.api.get("/v1/threads/" + conversation).status());
        assertEquals("Within 14 days.", message(someoneElses).get("content").asText(), "another user's conversation stays");
    }

    void assertChunk(String chunk, String said) {
        var r = hub.api.get("/v1/contents/" + chunk);
        assertEquals(200, r.status(), r.body());
        var content = r.json();
        assertEquals("Refund policy", content.get("title").asText(), content.toString());
        assertEquals("https://docs.example.com/refunds", content.get("source_url").asText(), content.toString());
        assertEquals(said, content.get("text").asText(), content.toString());
    }
}
