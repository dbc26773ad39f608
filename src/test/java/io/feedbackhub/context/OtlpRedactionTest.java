package io.feedbackhub.context;

import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import static io.feedbackhub.context.Otlp.span;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** FEEDBACK_HUB_CONTEXT_REDACT: the values of the listed span and resource attributes are replaced before storage. */
@HubTest(environment = "FEEDBACK_HUB_CONTEXT_REDACT=gen_ai.input.messages, user.id,service.name")
class OtlpRedactionTest {
    @Parameter
    TestHub hub;

    @Test
    void the_listed_attributes_are_stored_as_redacted_and_the_others_as_sent() {
        var trace = Otlp.traceId();

        var answer = Otlp.post(hub.baseUrl() + OtlpTracesTest.NATIVE,
                Otlp.request(OtlpTracesTest.RESOURCE, span(trace, Otlp.spanId(), null, 5, OtlpTracesTest.aChat("c-redacted"))).toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + TestHub.SECRET_KEY);

        assertEquals(200, answer.status(), answer.toString());
        var m = hub.api.get("/v1/messages/" + trace).json();
        assertEquals(ContextSettings.REDACTED, m.get("prompt").asText());
        assertEquals(ContextSettings.REDACTED, m.get("trace").get("user_id").asText());
        assertEquals(ContextSettings.REDACTED, m.get("metadata").get("service_name").asText());
        assertEquals("Open Orders and press Refund.", m.get("content").asText());
        assertEquals("staging", m.get("metadata").get("environment").asText());
    }
}
