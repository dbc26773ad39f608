package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.feedbackhub.context.Otlp.span;
import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OTLP/HTTP trace export (docs/context.md): GenAI spans become the messages feedback judges, with prompt, answer,
 * model, tokens, latency and the resource's dimensions; feedback by trace id or span id meets its answer in either
 * order; protobuf, JSON and gzip; a bad or oversized body is a 4xx in the door's shape; retention forgets the text.
 */
@HubTest
class OtlpTracesTest {
    static final String NATIVE = "/v1/otel/v1/traces";
    static final String LANGFUSE = "/compat/langfuse/api/public/otel/v1/traces";
    static final Map<String, Object> RESOURCE = attributes("service.name", "support-bot",
            "deployment.environment.name", "staging", "prompt_version", "v7");

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    static Map<String, Object> attributes(Object... keyValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** A chat completion as the current GenAI conventions describe it. */
    static Map<String, Object> aChat(String conversation) {
        return attributes("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
                "gen_ai.request.model", "gpt-4o", "gen_ai.response.model", "gpt-4o-2024-08-06",
                "gen_ai.input.messages", """
                        [{"role":"system","parts":[{"type":"text","content":"Be brief."}]},
                         {"role":"user","parts":[{"type":"text","content":"How do I get a refund?"}]}]""",
                "gen_ai.output.messages", """
                        [{"role":"assistant","parts":[{"type":"text","content":"Open Orders and press Refund."}],"finish_reason":"stop"}]""",
                "gen_ai.usage.input_tokens", 42, "gen_ai.usage.output_tokens", 7,
                "gen_ai.response.finish_reasons", List.of("stop"),
                "gen_ai.conversation.id", conversation, "user.id", "u-42");
    }

    Otlp.Answer export(String path, byte[] body, String contentType, String... more) {
        var headers = new java.util.ArrayList<>(List.of("Content-Type", contentType));
        if (List.of(more).stream().noneMatch("Authorization"::equals)) {
            headers.addAll(List.of("Authorization", "Bearer " + TestHub.SECRET_KEY));
        }
        headers.addAll(List.of(more));
        return Otlp.post(hub.baseUrl() + path, body, headers.toArray(String[]::new));
    }

    Otlp.Answer exportProtobuf(ExportTraceServiceRequest request) {
        var answer = export(NATIVE, request.toByteArray(), "application/x-protobuf");
        assertEquals(200, answer.status(), answer.toString());
        return answer;
    }

    JsonNode message(String id) {
        var r = api.get("/v1/messages/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    JsonNode feedbackOnTrace(String traceId) {
        var r = api.post("/v1/feedback", "{\"trace_id\": \"" + traceId + "\", \"label\": \"thumbs_down\", \"author_id\": \"u-42\"}");
        assertTrue(r.status() == 201 || r.status() == 200, r.body());
        return r.json();
    }

    JsonNode reread(JsonNode feedback) {
        var r = api.get("/v1/feedback/" + feedback.get("id").asText());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void a_genai_root_span_in_protobuf_becomes_the_message_its_trace_id_names() throws Exception {
        var trace = Otlp.traceId();
        var span = Otlp.spanId();
        var conversation = unique("conv");

        var answer = exportProtobuf(Otlp.request(RESOURCE, span(trace, span, null, 1250, aChat(conversation))));

        assertEquals("application/x-protobuf", answer.contentType());
        assertFalse(ExportTraceServiceResponse.parseFrom(answer.body()).hasPartialSuccess());
        var m = message(trace);
        assertEquals("Open Orders and press Refund.", m.get("content").asText());
        assertEquals("system: Be brief.\nuser: How do I get a refund?", m.get("prompt").asText());
        assertEquals("gpt-4o-2024-08-06", m.get("model").asText());
        assertEquals(conversation, m.get("thread_id").asText());
        assertEquals("support-bot", m.get("metadata").get("service_name").asText());
        assertEquals("staging", m.get("metadata").get("environment").asText());
        assertEquals("v7", m.get("metadata").get("prompt_version").asText());
        assertEquals("openai", m.get("metadata").get("provider").asText());
        var t = m.get("trace");
        assertEquals(trace, t.get("trace_id").asText());
        assertEquals(span, t.get("span_id").asText());
        assertEquals("u-42", t.get("user_id").asText());
        assertEquals(42, t.get("input_tokens").asInt());
        assertEquals(7, t.get("output_tokens").asInt());
        assertEquals(1250, t.get("latency_ms").asInt());
        assertEquals("stop", t.get("finish_reasons").asText());
        assertTrue(t.get("error").isNull(), t.toString());
        assertEquals(conversation, api.get("/v1/threads/" + conversation).json().get("id").asText());
    }

    @Test
    void the_otlp_json_encoding_with_hex_ids_is_read_and_answered_in_json() {
        var trace = Otlp.traceId();

        var answer = export(NATIVE, Otlp.json(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 10, aChat(unique("c"))))).getBytes(),
                "application/json");

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertEquals("{}", answer.text());
        assertEquals("Open Orders and press Refund.", message(trace).get("content").asText());
    }

    @Test
    void a_gzip_body_is_read() {
        var trace = Otlp.traceId();

        var answer = export(NATIVE, Otlp.gzip(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 10, aChat(unique("c")))).toByteArray()),
                "application/x-protobuf", "Content-Encoding", "gzip");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("gpt-4o-2024-08-06", message(trace).get("model").asText());
    }

    @Test
    void feedback_on_a_trace_inherits_the_answers_dimensions_when_it_comes_after_the_trace() {
        var trace = Otlp.traceId();
        exportProtobuf(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 10, aChat(unique("c")))));

        var feedback = feedbackOnTrace(trace);

        var metadata = reread(feedback).get("metadata");
        assertEquals("gpt-4o-2024-08-06", metadata.get("model").asText(), feedback.toString());
        assertEquals("staging", metadata.get("environment").asText());
        assertEquals("v7", metadata.get("prompt_version").asText());
    }

    @Test
    void feedback_on_a_trace_inherits_the_answers_dimensions_when_it_came_before_the_trace() {
        var trace = Otlp.traceId();
        var conversation = unique("c");
        var feedback = feedbackOnTrace(trace);

        exportProtobuf(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 10, aChat(conversation))));

        var reread = reread(feedback);
        assertEquals("gpt-4o-2024-08-06", reread.get("metadata").get("model").asText(), reread.toString());
        assertEquals("support-bot", reread.get("metadata").get("service_name").asText());
        assertEquals(conversation, reread.get("thread_id").asText());
    }

    @Test
    void a_wrapping_root_span_takes_its_child_generations_answer_and_the_child_is_the_message_of_its_span_id() {
        var trace = Otlp.traceId();
        var root = Otlp.spanId();
        var child = Otlp.spanId();
        var agent = attributes("http.route", "/chat", "gen_ai.agent.name", "refund-helper", "session.id", unique("s"));

        exportProtobuf(Otlp.request(RESOURCE, span(trace, child, root, 900, aChat("ignored")), span(trace, root, null, 1000, agent)));

        assertEquals("Open Orders and press Refund.", message(trace).get("content").asText());
        assertEquals(1000, message(trace).get("trace").get("latency_ms").asInt());
        assertEquals(900, message(child).get("trace").get("latency_ms").asInt());
        var thread = message(trace).get("thread_id").asText();
        assertEquals("refund-helper", api.get("/v1/threads/" + thread).json().get("agent_id").asText());
        var onChild = api.post("/v1/feedback", "{\"message_id\": \"" + child + "\", \"label\": \"thumbs_up\"}");
        assertEquals("gpt-4o-2024-08-06", onChild.json().get("metadata").get("model").asText(), onChild.body());
        assertEquals("refund-helper", onChild.json().get("agent_id").asText(), onChild.body());
    }

    @Test
    void older_gen_ai_prompt_and_completion_and_langfuse_attributes_are_read_and_an_error_status_is_kept() {
        var older = Otlp.traceId();
        var langfuse = Otlp.traceId();

        exportProtobuf(Otlp.request(RESOURCE,
                span(older, Otlp.spanId(), null, 5, attributes("gen_ai.system", "openai", "gen_ai.request.model", "gpt-3.5-turbo",
                        "gen_ai.prompt.0.role", "user", "gen_ai.prompt.0.content", "Hi", "gen_ai.completion.0.role", "assistant",
                        "gen_ai.completion.0.content", "Hello!", "gen_ai.usage.prompt_tokens", 3))
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("rate limited")),
                span(langfuse, Otlp.spanId(), null, 5, attributes("langfuse.observation.type", "generation",
                        "langfuse.observation.input", "{\"messages\":[{\"role\":\"user\",\"content\":\"Ping\"}]}",
                        "langfuse.observation.output", "\"Pong\"", "langfuse.observation.model.name", "claude-x",
                        "langfuse.session.id", unique("lf")))));

        var m = message(older);
        assertEquals("Hi", m.get("prompt").asText());
        assertEquals("Hello!", m.get("content").asText());
        assertEquals(3, m.get("trace").get("input_tokens").asInt());
        assertEquals("rate limited", m.get("trace").get("error").asText());
        var l = message(langfuse);
        assertEquals("Ping", l.get("prompt").asText());
        assertEquals("Pong", l.get("content").asText());
        assertEquals("claude-x", l.get("model").asText());
    }

    @Test
    void a_retrieval_span_registers_its_documents_as_contents() {
        var trace = Otlp.traceId();
        var doc = unique("kb");
        var retrieval = attributes("gen_ai.operation.name", "retrieval", "gen_ai.retrieval.documents",
                "[{\"id\":\"" + doc + "\",\"title\":\"Refund policy (2023)\",\"source\":\"https://kb.example.com/refunds\"},"
                        + "{\"id\":\"" + doc + "-2\",\"metadata\":{\"title\":\"FAQ\",\"source\":\"faq.md\"}}]");

        exportProtobuf(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), Otlp.spanId(), 5, retrieval)));

        var content = api.get("/v1/contents/" + doc).json();
        assertEquals("Refund policy (2023)", content.get("title").asText(), content.toString());
        assertEquals("https://kb.example.com/refunds", content.get("source_url").asText());
        var second = api.get("/v1/contents/" + doc + "-2").json();
        assertEquals("FAQ", second.get("title").asText(), second.toString());
        assertEquals("faq.md", second.get("metadata").get("source").asText());
    }

    @Test
    void a_span_with_an_oversized_attribute_is_rejected_and_the_others_are_kept() throws Exception {
        var kept = Otlp.traceId();
        var rejected = Otlp.traceId();
        var huge = attributes("gen_ai.operation.name", "chat", "gen_ai.input.messages", "x".repeat(OtlpSpans.MAX_ATTRIBUTE_CHARS + 1));

        var answer = exportProtobuf(Otlp.request(RESOURCE, span(kept, Otlp.spanId(), null, 5, aChat(unique("c"))),
                span(rejected, Otlp.spanId(), null, 5, huge)));

        var partial = ExportTraceServiceResponse.parseFrom(answer.body()).getPartialSuccess();
        assertEquals(1, partial.getRejectedSpans());
        assertTrue(partial.getErrorMessage().contains("gen_ai.input.messages"), partial.getErrorMessage());
        assertEquals(200, api.get("/v1/messages/" + kept).status());
        assertEquals(404, api.get("/v1/messages/" + rejected).status());
    }

    /** More spans than one transaction takes (TraceRecorder.ANSWERS_PER_TRANSACTION), one of them sent twice. */
    @Test
    void every_span_of_a_large_export_is_recorded_once_and_a_replayed_export_adds_nothing() throws Exception {
        var conversation = unique("big");
        var traces = new java.util.ArrayList<String>();
        var spans = new java.util.ArrayList<Span.Builder>();
        for (int i = 0; i < TraceRecorder.ANSWERS_PER_TRANSACTION + 50; i++) {
            traces.add(Otlp.traceId());
            spans.add(span(traces.get(i), Otlp.spanId(), null, 5 + i, aChat(conversation)));
        }
        var earlier = feedbackOnTrace(traces.get(TraceRecorder.ANSWERS_PER_TRANSACTION + 10)); // in the second part
        var onMessage = api.post("/v1/feedback", "{\"message_id\": \"" + traces.get(5) + "\", \"label\": \"thumbs_up\"}").json();
        spans.add(spans.get(0).clone().setEndTimeUnixNano(spans.get(0).getStartTimeUnixNano() + 7_000_000));
        var request = Otlp.request(RESOURCE, spans.toArray(Span.Builder[]::new));

        for (int replay = 0; replay < 2; replay++) {
            var answer = exportProtobuf(request);

            assertFalse(ExportTraceServiceResponse.parseFrom(answer.body()).hasPartialSuccess());
            var listed = api.get("/v1/messages?thread_id=" + conversation + "&limit=1000").json().get("items");
            var ids = new java.util.TreeSet<String>();
            listed.forEach(m -> ids.add(m.get("id").asText()));
            assertEquals(new java.util.TreeSet<>(traces), ids);
            assertEquals(traces.size(), listed.size());
        }
        assertEquals(7, message(traces.get(0)).get("trace").get("latency_ms").asInt(), "the later copy merged over the first");
        assertEquals("gpt-4o-2024-08-06", reread(earlier).get("metadata").get("model").asText());
        assertEquals("gpt-4o-2024-08-06", reread(onMessage).get("metadata").get("model").asText());
        assertEquals(conversation, reread(onMessage).get("thread_id").asText());
    }

    @Test
    void bad_bodies_are_400_and_oversized_ones_413_as_problem_json() {
        var garbage = export(NATIVE, new byte[]{(byte) 0xff, 0x01, 0x02, 0x03}, "application/x-protobuf");
        var notJson = export(NATIVE, "{\"resourceSpans\": [".getBytes(), "application/json");
        var notHex = export(NATIVE, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}".getBytes(), "application/json");
        var wrongType = export(NATIVE, "{}".getBytes(), "text/plain");
        var notGzip = export(NATIVE, "plain".getBytes(), "application/x-protobuf", "Content-Encoding", "gzip");
        var tooLarge = export(NATIVE, new byte[3 * 1024 * 1024], "application/x-protobuf");
        var bomb = export(NATIVE, Otlp.gzip(new byte[3 * 1024 * 1024]), "application/x-protobuf", "Content-Encoding", "gzip");
        var anonymous = export(NATIVE, new byte[0], "application/x-protobuf", "Authorization", "Bearer fh_secret_not_a_key");

        for (var bad : List.of(garbage, notJson, notHex, notGzip)) {
            assertEquals(400, bad.status(), bad.toString());
            assertTrue(bad.contentType().startsWith("application/problem+json"), bad.toString());
            assertTrue(bad.json().get("detail").isTextual(), bad.toString());
        }
        assertEquals(415, wrongType.status(), wrongType.toString());
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertEquals(413, bomb.status(), bomb.toString());
        assertTrue(bomb.contentType().startsWith("application/problem+json"), bomb.toString());
        assertEquals(401, anonymous.status(), anonymous.toString());
    }

    @Test
    void the_langfuse_door_takes_spans_with_its_basic_credentials_and_answers_in_its_shape() {
        var trace = Otlp.traceId();
        var basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("pk-lf-1:" + TestHub.SECRET_KEY).getBytes());

        var answer = export(LANGFUSE, Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 5, aChat(unique("c")))).toByteArray(),
                "application/x-protobuf", "Authorization", basic);
        var bad = export(LANGFUSE, new byte[]{(byte) 0xff, 0x01}, "application/x-protobuf", "Authorization", basic);
        var unauthenticated = export(LANGFUSE, new byte[0], "application/x-protobuf", "Authorization", "Basic cGs6c2s=");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("Open Orders and press Refund.", message(trace).get("content").asText());
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.json().get("message").isTextual(), bad.toString());
        assertEquals(401, unauthenticated.status(), unauthenticated.toString());
    }

    @Test
    void another_tenants_key_records_into_its_own_tenant_only() {
        var trace = Otlp.traceId();
        var other = hub.otherTenant();

        var answer = export(NATIVE, Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 5, aChat(unique("c")))).toByteArray(),
                "application/x-protobuf", "Authorization", "Bearer " + other.key());

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(200, other.get("/v1/messages/" + trace).status());
        assertEquals(404, api.get("/v1/messages/" + trace).status());
    }

    @Test
    void retention_forgets_the_text_and_the_feedback_keeps_its_inherited_dimensions() {
        var trace = Otlp.traceId();
        exportProtobuf(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 5, aChat(unique("c")))));
        var feedback = feedbackOnTrace(trace);

        int forgotten = hub.hub().contextRetention().sweep(Instant.now().plus(ContextSettings.DEFAULT_RETENTION).plus(Duration.ofMinutes(1)));

        assertTrue(forgotten >= 1, "forgot " + forgotten);
        var m = message(trace);
        assertTrue(m.get("prompt").isNull() && m.get("content").isNull(), m.toString());
        assertEquals("gpt-4o-2024-08-06", m.get("model").asText());
        assertEquals("gpt-4o-2024-08-06", reread(feedback).get("metadata").get("model").asText());
        assertEquals("staging", reread(feedback).get("metadata").get("environment").asText());
    }

    @Test
    void retention_leaves_recent_text_and_registered_messages_alone() {
        var trace = Otlp.traceId();
        var registered = unique("m");
        exportProtobuf(Otlp.request(RESOURCE, span(trace, Otlp.spanId(), null, 5, aChat(unique("c")))));
        api.put("/v1/messages/" + registered, "{\"content\": \"kept\"}");

        hub.hub().contextRetention().sweep(Instant.now());

        assertEquals("Open Orders and press Refund.", message(trace).get("content").asText());
        assertEquals("kept", message(registered).get("content").asText());
    }

}
