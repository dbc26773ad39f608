package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /v1/webhooks/{id}/test over real HTTP: a ping goes through the outbox and the dispatcher to that endpoint
 * alone, signed with its secret, retried like any event, and listed among its deliveries.
 */
@HubTest(environment = {"FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true", "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS=200ms,200ms,200ms",
        "FEEDBACK_HUB_WEBHOOK_TIMEOUT=5s"})
class WebhookTestEventTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** An endpoint for {@code receiver} subscribed to every event a receiver can subscribe to; its JSON with the secret. */
    private JsonNode endpointFor(Receiver receiver) {
        var r = api.post("/v1/webhooks", """
                {"url": "%s", "events": ["feedback.created", "feedback.updated", "feedback.deleted", "feedback.purged",
                 "alert.triggered", "alert.resolved", "review.completed", "review_item.resolved"]}""".formatted(receiver.url()));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private JsonNode delivery(String endpoint, String event) {
        var r = api.get("/v1/webhooks/" + endpoint + "/deliveries/" + event);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void a_test_event_reaches_that_endpoint_alone_signed_with_its_secret_and_is_listed_among_its_deliveries() {
        try (var receiver = Receiver.start(); var bystander = Receiver.start()) {
            var endpoint = endpointFor(receiver);
            var other = endpointFor(bystander);
            var id = endpoint.get("id").asText();

            var queued = api.post("/v1/webhooks/" + id + "/test", "");

            assertEquals(202, queued.status(), queued.body());
            var event = queued.json().get("event_id").asText();
            assertEquals("ping", queued.json().get("event_type").asText());
            assertEquals("pending", queued.json().get("status").asText());
            eventually(WAIT, "the ping arrives", () -> receiver.accepted().size() == 1);
            var ping = receiver.accepted().getFirst();
            assertEquals(event, ping.id(), "the answer's event_id is the webhook-id");
            assertTrue(ping.signedWith(endpoint.get("secret").asText()), "signed with the endpoint's secret: " + ping.signature());
            assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ping.timestamp())) < 300, ping.timestamp());
            assertEquals("ping", ping.type());
            assertEquals(id, ping.json().get("data").get("endpoint_id").asText());
            assertEquals(receiver.url(), ping.json().get("data").get("url").asText());
            eventually(WAIT, "the delivery is recorded", () -> delivery(id, event).get("status").asText().equals("delivered"));
            var recorded = delivery(id, event);
            assertEquals(1, recorded.get("attempt_count").asInt());
            assertEquals(200, recorded.get("attempts").get(0).get("status_code").asInt());
            assertEquals(ping.json(), recorded.get("payload"), "the payload listed is the body sent");
            var listed = api.get("/v1/webhooks/" + id + "/deliveries").json().get("items");
            assertEquals(List.of(event), eventIds(listed));
            assertEquals(List.of(), eventIds(api.get("/v1/webhooks/" + other.get("id").asText() + "/deliveries").json().get("items")),
                    "the other endpoint, subscribed to everything, has no delivery of it");
            assertEquals(List.of(), bystander.received(), "nor got a request");
        }
    }

    @Test
    void a_test_event_the_receiver_refuses_is_retried_on_the_schedule_with_the_same_webhook_id() {
        try (var receiver = Receiver.start()) {
            var id = endpointFor(receiver).get("id").asText();
            receiver.answer(nth -> nth == 1 ? 500 : 204);

            var event = api.post("/v1/webhooks/" + id + "/test", "{}").json().get("event_id").asText();

            eventually(WAIT, "the ping is accepted on the second attempt", () -> receiver.accepted().size() == 1);
            assertEquals(List.of(500, 204), receiver.received().stream().map(Receiver.Received::answered).toList());
            assertEquals(List.of(event, event), receiver.received().stream().map(Receiver.Received::id).toList());
            eventually(WAIT, "the outcome is recorded", () -> delivery(id, event).get("status").asText().equals("delivered"));
            assertEquals(2, delivery(id, event).get("attempt_count").asInt());
        }
    }

    @Test
    void a_disabled_or_unknown_endpoint_a_body_with_fields_and_another_tenant_are_refused_and_nothing_is_queued() {
        try (var receiver = Receiver.start()) {
            var id = endpointFor(receiver).get("id").asText();
            assertEquals(200, api.patch("/v1/webhooks/" + id, "{\"enabled\": false}").status());

            var disabled = api.post("/v1/webhooks/" + id + "/test", "");
            var unknown = api.post("/v1/webhooks/" + java.util.UUID.randomUUID() + "/test", "");
            var withField = api.post("/v1/webhooks/" + id + "/test", "{\"event\": \"feedback.created\"}");
            var notAnObject = api.post("/v1/webhooks/" + id + "/test", "[]");
            var otherTenant = hub.otherTenant().post("/v1/webhooks/" + id + "/test", "");
            var viewer = api.withKey(null).post("/v1/webhooks/" + id + "/test", "", hub.signIn(TeamRole.VIEWER).headers());

            assertEquals(422, disabled.status(), disabled.body());
            assertEquals("enabled", disabled.json().get("errors").get(0).get("field").asText(), disabled.body());
            assertTrue(disabled.json().get("errors").get(0).get("message").asText().contains("disabled through the API"), disabled.body());
            assertEquals(404, unknown.status(), unknown.body());
            assertEquals(422, withField.status(), withField.body());
            assertEquals("event", withField.json().get("errors").get(0).get("field").asText(), withField.body());
            assertEquals(422, notAnObject.status(), notAnObject.body());
            assertEquals(404, otherTenant.status(), otherTenant.body());
            assertEquals(403, viewer.status(), viewer.body());
            assertEquals(List.of(), eventIds(api.get("/v1/webhooks/" + id + "/deliveries").json().get("items")));
            assertEquals(200, api.patch("/v1/webhooks/" + id, "{\"enabled\": true}").status());
            assertEquals(202, api.post("/v1/webhooks/" + id + "/test", "").status(), "enabled again, it can be tested");
        }
    }

    @Test
    void no_endpoint_can_subscribe_to_ping() {
        var r = api.post("/v1/webhooks", "{\"url\": \"https://93.184.215.14/hook\", \"events\": [\"feedback.created\", \"ping\"]}");

        assertEquals(422, r.status(), r.body());
        assertEquals("events[1]", r.json().get("errors").get(0).get("field").asText(), r.body());
        assertTrue(r.json().get("errors").get(0).get("message").asText().contains("/test"), r.body());
    }

    private static List<String> eventIds(JsonNode items) {
        var ids = new ArrayList<String>();
        items.forEach(d -> ids.add(d.get("event_id").asText()));
        return ids;
    }
}
