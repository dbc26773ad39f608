package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.NeedsPython;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.feedbackhub.testing.Ids.unique;
import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks over real HTTP: a receiver on loopback gets every feedback change as a signed Standard Webhooks message,
 * through retries and re-sends with one webhook-id, filtered exactly as GET /v1/feedback filters.
 */
@HubTest(environment = {"FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true",
        "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS=200ms,200ms,200ms,200ms,200ms", "FEEDBACK_HUB_WEBHOOK_TIMEOUT=5s"})
class WebhooksTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    // ---------------------------------------------------------------- helpers

    /** An endpoint for {@code receiver}; returns its JSON (with the secret). */
    static JsonNode subscribe(Api api, Receiver receiver, String events, String filter) {
        var r = api.post("/v1/webhooks", """
                {"url": "%s", "events": %s, "filter": %s, "description": "test receiver"}""".formatted(receiver.url(), events, filter));
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    static JsonNode write(Api api, String body) {
        var r = api.post("/v1/feedback", body);
        assertTrue(r.status() == 201 || r.status() == 200, r.toString());
        return r.json();
    }

    static JsonNode vote(Api api, String agent, String author, String label) {
        return write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "%s", "label": "%s"}""".formatted(agent, unique("m"), author, label));
    }

    static List<String> types(List<Receiver.Received> received) {
        return received.stream().map(Receiver.Received::type).toList();
    }

    // ---------------------------------------------------------------- the promises

    @Test
    void every_change_reaches_the_receiver_signed_with_the_endpoints_secret() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var secret = subscribe(api, receiver, "[\"feedback.created\", \"feedback.updated\", \"feedback.deleted\", \"feedback.purged\"]",
                    "{\"agent_id\": \"%s\"}".formatted(agent)).get("secret").asText();
            var message = unique("m");

            var created = write(api, """
                    {"agent_id": "%s", "message_id": "%s", "author_id": "ann", "label": "thumbs_up", "comment": "good"}""".formatted(agent, message));
            var updated = write(api, """
                    {"agent_id": "%s", "message_id": "%s", "author_id": "ann", "label": "thumbs_down", "comment": "wrong"}""".formatted(agent, message));
            assertEquals(204, api.delete("/v1/feedback/" + created.get("id").asText()).status());
            var bobs = vote(api, agent, "bob", "thumbs_up");
            eventually(WAIT, "bob's vote arrives", () -> receiver.accepted(r -> r.subject().equals(bobs.get("id").asText())).size() == 1);
            assertEquals(200, api.post("/v1/authors/bob/purge", "{}").status());
            eventually(WAIT, "five events", () -> receiver.accepted().size() == 5);

            var received = receiver.accepted();
            var ann = received.stream().filter(r -> r.subject().equals(created.get("id").asText())).toList();
            assertEquals(List.of("feedback.created", "feedback.updated", "feedback.deleted"),
                    ann.stream().sorted(java.util.Comparator.comparing(r -> r.json().get("data").get("revision").asInt())).map(Receiver.Received::type).toList());
            var bob = received.stream().filter(r -> r.subject().equals(bobs.get("id").asText())).map(Receiver.Received::type).collect(Collectors.toSet());
            assertEquals(Set.of("feedback.created", "feedback.purged"), bob);
            for (var r : received) {
                assertTrue(r.signedWith(secret), "signature of " + r.type() + " verifies with the endpoint's secret");
                assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(r.timestamp())) < 300, "webhook-timestamp is now: " + r.timestamp());
            }
            assertEquals(5, received.stream().map(Receiver.Received::id).distinct().count(), "one webhook-id per event");
            var update = ann.stream().filter(r -> r.type().equals("feedback.updated")).findFirst().orElseThrow().json();
            assertEquals(updated, update.get("data"), "the payload is the native record as the API returned it");
            assertEquals(updated.get("updated_at").asText(), update.get("timestamp").asText());
            var purged = received.stream().filter(r -> r.type().equals("feedback.purged")).findFirst().orElseThrow().json();
            assertEquals(Api.JSON.createObjectNode().put("id", bobs.get("id").asText()), purged.get("data"), "a purge names the record and nothing of its content");
        }
    }

    @Test
    @NeedsPython
    void the_readmes_python_verifier_accepts_a_delivered_message_and_refuses_a_changed_one() throws Exception {
        var readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        var start = readme.indexOf("```python\n", readme.indexOf("A receiver checks the signature"));
        var verifier = readme.substring(start + "```python\n".length(), readme.indexOf("```", start + 3));
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var secret = subscribe(api, receiver, "[\"feedback.created\"]", "{\"agent_id\": \"%s\"}".formatted(agent)).get("secret").asText();
            vote(api, agent, "ann", "thumbs_up");
            eventually(WAIT, "the event arrives", () -> receiver.accepted().size() == 1);
            var message = receiver.accepted().get(0);
            var input = Api.JSON.createObjectNode().put("secret", secret).put("body", message.body());
            input.putObject("headers").put("webhook-id", message.id()).put("webhook-timestamp", message.timestamp())
                    .put("webhook-signature", message.signature());
            var script = verifier + """

                    import json, sys
                    given = json.load(sys.stdin)
                    body = given["body"].encode()
                    print(verify(given["secret"], given["headers"], body), verify(given["secret"], given["headers"], body.replace(b"thumbs_up", b"thumbs_dn")))
                    """;
            var python = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            try (var stdin = python.getOutputStream()) {
                stdin.write(input.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            var output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertEquals(0, python.waitFor(), output);
            assertEquals("True False", output);
        }
    }

    @Test
    void a_receiver_that_fails_and_then_recovers_gets_every_event_with_the_same_webhook_id() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var endpoint = subscribe(api, receiver, "[\"feedback.created\"]", "{\"agent_id\": \"%s\"}".formatted(agent));
            receiver.answer(nth -> nth <= 2 ? 503 : 200);

            var ids = new HashSet<String>();
            for (int i = 0; i < 3; i++) {
                ids.add(vote(api, agent, "u" + i, "thumbs_up").get("id").asText());
            }

            eventually(WAIT, "every event accepted", () -> receiver.accepted().size() == 3);
            var byWebhookId = receiver.received().stream().collect(Collectors.groupingBy(Receiver.Received::id));
            assertEquals(3, byWebhookId.size());
            for (var attempts : byWebhookId.values()) {
                assertEquals(List.of(503, 503, 200), attempts.stream().map(Receiver.Received::answered).toList());
                assertEquals(1, attempts.stream().map(Receiver.Received::body).distinct().count(), "every retry sends the same body");
            }
            assertEquals(ids, receiver.accepted().stream().map(Receiver.Received::subject).collect(Collectors.toSet()));
            var id = endpoint.get("id").asText();
            eventually(WAIT, "outcomes recorded", () -> api.get("/v1/webhooks/" + id + "/deliveries?status=delivered").json().get("items").size() == 3);
            for (var d : api.get("/v1/webhooks/" + id + "/deliveries").json().get("items")) {
                assertEquals("delivered", d.get("status").asText());
                assertEquals(3, d.get("attempt_count").asInt());
                var codes = new ArrayList<Integer>();
                d.get("attempts").forEach(a -> codes.add(a.get("status_code").asInt()));
                assertEquals(List.of(503, 503, 200), codes);
                assertTrue(byWebhookId.containsKey(d.get("event_id").asText()), "event_id is the webhook-id");
            }
        }
    }

    @Test
    void filters_select_exactly_the_feedback_that_the_listing_with_the_same_filters_returns() {
        try (var receiver = Receiver.start(); var deletes = Receiver.start()) {
            var agent = unique("agent");
            var filters = List.of(
                    "{\"agent_id\": \"%s\", \"label\": \"thumbs_down\"}".formatted(agent),
                    "{\"agent_id\": \"%s\", \"name\": \"accuracy\", \"score_max\": 0.3}".formatted(agent),
                    "{\"agent_id\": \"%s\", \"metadata.model\": \"m1\", \"source\": \"api\"}".formatted(agent));
            var endpoints = filters.stream().map(f -> subscribe(api, receiver, "[\"feedback.created\"]", f).get("id").asText()).toList();
            var deleteEndpoint = subscribe(api, deletes, "[\"feedback.deleted\"]", "{\"agent_id\": \"%s\"}".formatted(agent)).get("id").asText();

            var written = new ArrayList<JsonNode>();
            for (int i = 0; i < 12; i++) {
                var label = i % 3 == 0 ? "\"thumbs_down\"" : "\"thumbs_up\"";
                written.add(write(api, """
                        {"agent_id": "%s", "message_id": "%s", "name": "%s", "label": %s, "score": %s, "metadata": {"model": "m%d"}}"""
                        .formatted(agent, unique("m"), i % 2 == 0 ? "accuracy" : "reaction", i % 2 == 0 ? "null" : label,
                                i % 2 == 0 ? "0." + i % 10 : "null", i % 4 == 1 ? 1 : 2)));
            }
            write(api, """
                    {"agent_id": "%s", "message_id": "%s", "label": "thumbs_down", "metadata": {"model": "m1"}, "source": "user"}"""
                    .formatted(unique("other-agent"), unique("m")));
            var removed = List.of(written.get(0).get("id").asText(), written.get(5).get("id").asText());
            removed.forEach(id -> assertEquals(204, api.delete("/v1/feedback/" + id).status()));

            var expected = new ArrayList<String>();
            for (int n = 0; n < filters.size(); n++) {
                int i = n;
                var query = switch (i) {
                    case 0 -> "agent_id=" + agent + "&label=thumbs_down";
                    case 1 -> "agent_id=" + agent + "&name=accuracy&score_max=0.3";
                    default -> "agent_id=" + agent + "&metadata.model=m1&source=api";
                };
                var listed = new HashSet<String>();
                api.get("/v1/feedback?limit=1000&" + query).json().get("items").forEach(f -> listed.add(f.get("id").asText()));
                var wanted = new HashSet<>(listed);
                removed.forEach(id -> written.stream().filter(w -> w.get("id").asText().equals(id) && matches(w, i, agent)).forEach(w -> wanted.add(id)));
                assertFalse(wanted.isEmpty(), "filter " + i + " selects something");
                var endpoint = endpoints.get(i);
                eventually(WAIT, "filter " + i + " events", () -> deliveredFor(endpoint).size() == wanted.size());
                assertEquals(wanted, deliveredFor(endpoint), "filter " + filters.get(i));
                expected.addAll(wanted);
            }
            assertEquals(expected.size(), receiver.accepted().size(), "no event for anything outside the filters");
            eventually(WAIT, "deletes", () -> deletes.accepted().size() == 2);
            assertEquals(Set.copyOf(removed), deletes.accepted().stream().map(Receiver.Received::subject).collect(Collectors.toSet()));
            assertEquals(2, api.get("/v1/webhooks/" + deleteEndpoint + "/deliveries").json().get("items").size(), "deletes only");
        }
    }

    /** The feedback ids of every delivery the endpoint has, delivered or not (rows are written with the change). */
    private Set<String> deliveredFor(String endpoint) {
        var ids = new HashSet<String>();
        for (var d : api.get("/v1/webhooks/" + endpoint + "/deliveries?limit=1000").json().get("items")) {
            var one = api.get("/v1/webhooks/" + endpoint + "/deliveries/" + d.get("event_id").asText()).json();
            if (one.get("status").asText().equals("delivered")) {
                ids.add(one.get("payload").get("data").get("id").asText());
            }
        }
        return ids;
    }

    private static boolean matches(JsonNode f, int filter, String agent) {
        return switch (filter) {
            case 0 -> "thumbs_down".equals(f.get("label").asText(null));
            case 1 -> f.get("name").asText().equals("accuracy") && !f.get("score").isNull() && f.get("score").asDouble() <= 0.3;
            default -> "m1".equals(f.get("metadata").path("model").asText(null));
        };
    }

    @Test
    void a_purge_erases_the_authors_earlier_events_from_the_outbox() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var endpoint = subscribe(api, receiver, "[\"feedback.created\", \"feedback.purged\"]", "{\"agent_id\": \"%s\"}".formatted(agent))
                    .get("id").asText();
            receiver.answerEvery(503);
            var first = vote(api, agent, "carol", "thumbs_down").get("id").asText();
            var second = vote(api, agent, "carol", "thumbs_up").get("id").asText();
            eventually(WAIT, "both events queued for the held receiver",
                    () -> api.get("/v1/webhooks/" + endpoint + "/deliveries").json().get("items").size() == 2);
            var createdEvents = new ArrayList<String>();
            api.get("/v1/webhooks/" + endpoint + "/deliveries").json().get("items").forEach(d -> createdEvents.add(d.get("event_id").asText()));

            assertEquals(200, api.post("/v1/authors/carol/purge", "{}").status());

            var left = new ArrayList<JsonNode>();
            eventually(WAIT, "only the two purge notices listed", () -> {
                left.clear();
                api.get("/v1/webhooks/" + endpoint + "/deliveries").json().get("items").forEach(left::add);
                return left.size() == 2 && left.stream().allMatch(d -> d.get("event_type").asText().equals("feedback.purged"));
            });
            for (var event : createdEvents) {
                assertEquals(404, api.get("/v1/webhooks/" + endpoint + "/deliveries/" + event).status(), "the created event is gone");
            }
            receiver.answerEvery(200);
            // their short test schedule may be used up by now: send them again (same webhook-id, whatever their state)
            for (var delivery : left) {
                assertEquals(202, api.post("/v1/webhooks/" + endpoint + "/deliveries/" + delivery.get("event_id").asText() + "/resend", "{}").status());
            }
            eventually(WAIT, "purge notices delivered", () -> receiver.accepted(r -> r.type().equals("feedback.purged")).stream()
                    .map(Receiver.Received::subject).collect(Collectors.toSet()).equals(Set.of(first, second)));
            // (an attempt already on the wire when the purge committed may still arrive, as with any request sent)
            assertTrue(receiver.accepted().stream().noneMatch(r -> r.body().contains("carol")), "nothing of carol was accepted");
        }
    }

    @Test
    void a_slow_receiver_holds_up_no_write() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            subscribe(api, receiver, "[\"feedback.created\"]", "{\"agent_id\": \"%s\"}".formatted(agent));
            receiver.hold();

            for (int i = 0; i < 100; i++) {
                assertEquals(201, api.post("/v1/feedback", """
                        {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up"}""".formatted(agent, unique("m"))).status());
            }

            assertEquals(0, receiver.received().size(), "not one answer from the receiver, yet every write was acknowledged");
            receiver.release();
            eventually(WAIT, "the backlog drains once the receiver answers", () -> receiver.accepted().size() == 100);
        }
    }

    @Test
    void a_delivery_can_be_sent_again_with_the_same_webhook_id() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var endpoint = subscribe(api, receiver, "[\"feedback.created\"]", "{\"agent_id\": \"%s\"}".formatted(agent)).get("id").asText();
            vote(api, agent, "dan", "thumbs_up");
            eventually(WAIT, "first delivery", () -> receiver.accepted().size() == 1);
            var event = receiver.accepted().get(0).id();
            eventually(WAIT, "recorded", () -> api.get("/v1/webhooks/" + endpoint + "/deliveries/" + event).json().get("status").asText().equals("delivered"));

            var resent = api.post("/v1/webhooks/" + endpoint + "/deliveries/" + event + "/resend", null);

            assertEquals(202, resent.status(), resent.body());
            eventually(WAIT, "second delivery", () -> receiver.accepted().size() == 2);
            assertEquals(List.of(event, event), receiver.accepted().stream().map(Receiver.Received::id).toList());
            eventually(WAIT, "both attempts listed", () -> api.get("/v1/webhooks/" + endpoint + "/deliveries/" + event).json().get("attempts").size() == 2);
            assertEquals(404, api.post("/v1/webhooks/" + endpoint + "/deliveries/nope/resend", null).status());
        }
    }

    @Test
    void the_secret_is_shown_once_and_a_rotated_one_signs_alongside_the_old_during_its_grace_period() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var created = subscribe(api, receiver, "[\"feedback.created\"]", "{\"agent_id\": \"%s\"}".formatted(agent));
            var id = created.get("id").asText();
            var first = created.get("secret").asText();
            assertTrue(first.startsWith("whsec_"), first);
            assertFalse(api.get("/v1/webhooks").body().contains(first), "not listed");
            assertFalse(api.get("/v1/webhooks/" + id).body().contains(first), "not read back");

            var rotated = api.post("/v1/webhooks/" + id + "/rotate-secret", "{\"grace_period\": \"1h\"}").json();
            var second = rotated.get("secret").asText();
            vote(api, agent, "eve", "thumbs_up");
            eventually(WAIT, "event during grace", () -> receiver.accepted().size() == 1);
            var duringGrace = receiver.accepted().get(0);

            var third = api.post("/v1/webhooks/" + id + "/rotate-secret", "{\"grace_period\": \"0s\"}").json().get("secret").asText();
            vote(api, agent, "eve", "thumbs_down");
            eventually(WAIT, "event after the immediate rotation", () -> receiver.accepted().size() == 2);
            var after = receiver.accepted().get(1);

            assertEquals(2, duringGrace.signatureCount());
            assertTrue(duringGrace.signedWith(first) && duringGrace.signedWith(second), "both secrets verify during the grace period");
            assertEquals(1, after.signatureCount());
            assertTrue(after.signedWith(third));
            assertFalse(after.signedWith(second), "a secret rotated out without grace signs nothing");
            assertTrue(rotated.get("previous_secret_expires_at").asText().compareTo(Instant.now().toString()) > 0);
        }
    }

    @Test
    void feedback_written_through_a_vendor_dialect_triggers_the_same_events() {
        try (var receiver = Receiver.start()) {
            var thread = unique("thread");
            subscribe(api, receiver, "[\"feedback.created\"]", "{\"thread_id\": \"%s\"}".formatted(thread));

            var interaction = unique("interaction");
            var r = api.put("/compat/scale/v4/threads/" + thread + "/messages/" + interaction + "/feedback", """
                    {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "nice", "sentiment": "positive"}"""
                    .formatted(interaction, thread), "x-api-key", api.key());

            assertEquals(200, r.status(), r.body());
            eventually(WAIT, "the scale write's event", () -> receiver.accepted().size() == 1);
            assertEquals(thread, receiver.accepted().get(0).json().get("data").get("thread_id").asText());
        }
    }

    @Test
    void endpoints_are_listed_changed_and_deleted_and_refuse_bad_input_naming_every_field() {
        try (var receiver = Receiver.start()) {
            var created = subscribe(api, receiver, "[\"feedback.created\"]", "{\"label\": \"flagged\"}");
            var id = created.get("id").asText();

            var patched = api.patch("/v1/webhooks/" + id, """
                    {"events": ["feedback.deleted", "alert.triggered"], "filter": {"name": "accuracy", "score_max": "0.3"}, "enabled": false}""");
            var bad = api.post("/v1/webhooks", """
                    {"url": "ftp://example.com", "events": ["feedback.made"], "filter": {"thread": "x", "score_min": "low"}}""");
            var otherTenant = hub.otherTenant().get("/v1/webhooks/" + id);
            var deleted = api.delete("/v1/webhooks/" + id);

            assertEquals(200, patched.status(), patched.body());
            assertEquals("[\"alert.triggered\",\"feedback.deleted\"]", patched.json().get("events").toString());
            assertEquals(0.3, patched.json().get("filter").get("score_max").asDouble());
            assertFalse(patched.json().get("enabled").asBoolean());
            assertEquals("disabled through the API", patched.json().get("disabled_reason").asText());
            assertEquals(422, bad.status());
            var fields = new HashSet<String>();
            bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertEquals(Set.of("url", "events[0]", "filter.thread", "filter.score_min"), fields);
            assertEquals(404, otherTenant.status(), "another tenant does not see it");
            assertEquals(204, deleted.status());
            assertEquals(404, api.get("/v1/webhooks/" + id).status());
        }
    }
}
