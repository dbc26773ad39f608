package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.NeedsNode;
import io.feedbackhub.testing.NodeScript;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The OpenTelemetry JS SDK's own OTLP/HTTP protobuf exporter ({@code @opentelemetry/exporter-trace-otlp-proto},
 * gzip, pinned in src/test/js/package-lock.json) against a real server: {@code src/test/js/otel-genai.mjs} exports one
 * GenAI chat span to the native door and one to the Langfuse door; feedback sent afterwards on each trace id inherits
 * the span's model and environment.
 */
@NeedsNode
@HubTest
class OpenTelemetrySdkTest {
    @Parameter
    TestHub hub;
    JsonNode sdk;

    @BeforeParameterizedClassInvocation
    void runTheSdk() {
        sdk = NodeScript.run("otel-genai.mjs", Map.of("FH_BASE_URL", hub.baseUrl(), "FH_SECRET_KEY", TestHub.SECRET_KEY));
    }

    @Test
    void the_exporter_succeeds_at_both_doors() {
        for (var door : List.of("native", "langfuse")) {
            assertEquals("[0]", sdk.get(door).get("results").toString(), door + ": " + sdk); // ExportResultCode.SUCCESS
        }
    }

    @Test
    void feedback_on_an_exported_trace_inherits_the_spans_model_and_environment() {
        for (var door : List.of("native", "langfuse")) {
            var trace = sdk.get(door).get("traceId").asText();

            var feedback = hub.api.post("/v1/feedback", "{\"trace_id\": \"" + trace + "\", \"label\": \"thumbs_up\"}");

            assertEquals(201, feedback.status(), feedback.body());
            var metadata = hub.api.get("/v1/feedback/" + feedback.json().get("id").asText()).json().get("metadata");
            assertEquals("gpt-4o-mini-2024-07-18", metadata.get("model").asText(), door + ": " + metadata);
            assertEquals("ci", metadata.get("environment").asText(), door + ": " + metadata);
            assertEquals("It ships tomorrow.", hub.api.get("/v1/messages/" + trace).json().get("content").asText());
        }
    }
}
