package io.feedbackhub.api;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators rely on: health, readiness, metrics, request ids. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {
    TestHub hub;
    Api api;

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE);
        api = hub.api;
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    @Test
    void health_and_readiness_answer_without_a_key() {
        assertEquals(200, api.withKey(null).get("/healthz").status());
        var ready = api.withKey(null).get("/readyz");
        assertEquals(200, ready.status());
        assertEquals("ready", ready.json().get("status").asText());
    }

    @Test
    void metrics_count_requests_per_route_and_write_batches() {
        api.post("/v1/feedback", "{\"message_id\": \"m-metrics\", \"label\": \"thumbs_up\"}");
        api.get("/v1/feedback/does-not-exist");

        var metrics = api.withKey(null).get("/metrics");

        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("feedbackhub_http_requests_total{method=\"POST\",route=\"/v1/feedback\",status=\"201\"}"), metrics.body());
        assertTrue(metrics.body().contains("feedbackhub_http_requests_total{method=\"GET\",route=\"/v1/feedback/{id}\",status=\"404\"}"));
        assertTrue(metrics.body().contains("feedbackhub_http_request_duration_seconds_bucket{route=\"/v1/feedback\",le=\"+Inf\"}"));
        assertTrue(metrics.body().matches("(?s).*feedbackhub_write_batch_size_count [1-9].*"));
        assertTrue(metrics.body().contains("feedbackhub_store_unavailable_total 0"));
    }

    @Test
    void every_answer_carries_a_request_id_and_a_sane_given_one_is_kept() {
        var generated = api.get("/healthz");
        var given = api.get("/healthz", "X-Request-Id", "trace-abc-123");
        var hostile = api.get("/healthz", "X-Request-Id", "bad id\twith tabs");

        assertTrue(generated.header("X-Request-Id").matches("[0-9a-f-]{36}"));
        assertEquals("trace-abc-123", given.header("X-Request-Id"));
        assertTrue(hostile.header("X-Request-Id").matches("[0-9a-f-]{36}"));
    }
}
