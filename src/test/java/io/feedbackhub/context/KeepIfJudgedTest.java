package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.feedbackhub.context.Otlp.span;
import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keep-if-judged sampling (docs/context.md): with it on, a trace that receives feedback or enters a review queue within
 * the window is kept, one that does not is dropped by the sweep after the window, and the buffer holds at most the
 * configured number of traces per tenant (three here), the oldest leaving first. Each test is its own tenant.
 */
@HubTest(environment = "FEEDBACK_HUB_CONTEXT_BUFFER_TRACES=3")
class KeepIfJudgedTest {
    static final String PAREA_TRACE_LOG = "/compat/parea/api/parea/v1/trace_log";

    @Parameter
    TestHub hub;

    /** A tenant of its own, with an admin key (which may also trace and send feedback). */
    Api aTenant() {
        var keys = hub.hub().keys();
        var tenant = keys.createTenant(unique("tenant"));
        return new Api(hub.baseUrl(), keys.issue(tenant.id(), Role.ADMIN, "admin", List.of()).secret());
    }

    static void sampling(Api api, String body) {
        var r = api.put("/v1/settings/context", body);
        assertEquals(200, r.status(), r.body());
    }

    static void aPareaLog(Api api, String trace) {
        var r = api.post(PAREA_TRACE_LOG, """
                {"trace_id": "%s", "trace_name": "answer", "configuration": {"model": "gpt-4o-mini"},
                 "inputs": {"question": "How do I get a refund?"}, "output": "Within 14 days."}""".formatted(trace),
                "x-api-key", api.key());
        assertEquals(200, r.status(), r.body());
    }

    static int status(Api api, String messageId) {
        return api.get("/v1/messages/" + messageId).status();
    }

    void sweepAt(Instant when) {
        hub.hub().contextRetention().sweep(when);
    }

    @Test
    void sampling_is_off_until_an_admin_turns_it_on_and_a_bad_setting_is_refused_whole() {
        var api = aTenant();
        var initial = api.get("/v1/settings/context").json();
        assertEquals(false, initial.get("keep_if_judged").asBoolean(), initial.toString());
        assertEquals(86400, initial.get("window_seconds").asInt());
        assertEquals(3, initial.get("buffer").get("max_traces").asInt());
        assertTrue(initial.get("updated_at").isNull());

        var tooShort = api.put("/v1/settings/context", "{\"keep_if_judged\": true, \"window_seconds\": 10}");
        var missing = api.put("/v1/settings/context", "{\"window_seconds\": 3600}");
        var unknown = api.put("/v1/settings/context", "{\"keep_if_judged\": true, \"keep\": 1}");
        var notJson = api.put("/v1/settings/context", "{");
        sampling(api, "{\"keep_if_judged\": true, \"window_seconds\": 3600}");

        assertEquals(422, tooShort.status(), tooShort.body());
        assertEquals(422, missing.status(), missing.body());
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals(400, notJson.status(), notJson.body());
        var set = api.get("/v1/settings/context").json();
        assertEquals(true, set.get("keep_if_judged").asBoolean(), set.toString());
        assertEquals(3600, set.get("window_seconds").asInt());
        assertTrue(set.get("updated_at").isTextual(), set.toString());
    }

    @Test
    void judged_traces_are_kept_and_unjudged_ones_are_dropped_once_the_window_has_passed() {
        var api = aTenant();
        sampling(api, "{\"keep_if_judged\": true, \"window_seconds\": 300}");
        var withFeedback = unique("judged");
        var inReview = unique("reviewed");
        var unjudged = unique("unjudged");
        aPareaLog(api, withFeedback);
        aPareaLog(api, inReview);
        aPareaLog(api, unjudged);
        var feedback = api.post("/v1/feedback", "{\"message_id\": \"" + withFeedback + "\", \"label\": \"thumbs_up\"}");
        assertEquals(201, feedback.status(), feedback.body());
        var queue = api.post("/v1/review-queues", "{\"name\": \"" + unique("queue") + "\", \"form\": [\"helpfulness\"]}");
        assertEquals(201, queue.status(), queue.body());
        var items = api.post("/v1/review-queues/" + queue.json().get("id").asText() + "/items",
                "{\"items\": [{\"message_id\": \"" + inReview + "\"}]}");
        assertTrue(items.status() / 100 == 2, items.body());

        sweepAt(Instant.now().plus(Duration.ofSeconds(60)));
        assertEquals(200, status(api, unjudged), "within the window an unjudged trace is still there");
        sweepAt(Instant.now().plus(Duration.ofSeconds(301)));

        assertEquals(200, status(api, withFeedback));
        assertEquals(200, status(api, inReview));
        assertEquals(404, status(api, unjudged));
        var kept = api.get("/v1/feedback?message_id=" + withFeedback).json().get("items").get(0);
        assertEquals("gpt-4o-mini", kept.get("metadata").get("model").asText(), kept.toString());
    }

    @Test
    void feedback_on_any_message_of_a_trace_keeps_the_whole_trace() {
        var api = aTenant();
        sampling(api, "{\"keep_if_judged\": true, \"window_seconds\": 300}");
        var trace = Otlp.traceId();
        var child = Otlp.spanId();
        var root = Otlp.spanId();
        var exported = Otlp.post(hub.baseUrl() + OtlpTracesTest.NATIVE, Otlp.request(OtlpTracesTest.RESOURCE,
                        span(trace, root, null, 20, OtlpTracesTest.attributes("http.route", "/chat")),
                        span(trace, child, root, 10, OtlpTracesTest.aChat(unique("conv")))).toByteArray(),
                "Content-Type", "application/x-protobuf", "Authorization", "Bearer " + api.key());
        assertEquals(200, exported.status(), exported.toString());
        assertEquals(201, api.post("/v1/feedback", "{\"message_id\": \"" + child + "\", \"label\": \"thumbs_down\"}").status());

        sweepAt(Instant.now().plus(Duration.ofSeconds(301)));

        assertEquals(200, status(api, trace), "the root stays with the judged span");
        assertEquals(200, status(api, child));
    }

    @Test
    void without_sampling_nothing_is_dropped() {
        var api = aTenant();
        var trace = unique("trace");
        aPareaLog(api, trace);

        sweepAt(Instant.now().plus(Duration.ofDays(2)));

        assertEquals(200, status(api, trace));
    }

    @Test
    void the_buffer_holds_at_most_its_cap_and_the_oldest_leave_first_kept_if_judged() {
        var api = aTenant();
        sampling(api, "{\"keep_if_judged\": true, \"window_seconds\": 86400}");
        var traces = new String[5];
        for (int i = 0; i < traces.length; i++) {
            traces[i] = "t" + i + "-" + unique("trace");
            aPareaLog(api, traces[i]);
            if (i == 0) {
                assertEquals(201, api.post("/v1/feedback", "{\"message_id\": \"" + traces[0] + "\", \"score\": 1}").status());
            }
        }

        assertEquals(200, status(api, traces[0]), "the oldest was judged: it left the buffer and is kept");
        assertEquals(404, status(api, traces[1]), "the next oldest was not: dropped to make room");
        for (int i = 2; i < traces.length; i++) {
            assertEquals(200, status(api, traces[i]), "three traces stay buffered: " + traces[i]);
        }
        var settings = api.get("/v1/settings/context").json();
        assertEquals(3, settings.get("buffer").get("max_traces").asInt(), settings.toString());
    }
}
