package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.feedbackhub.testing.Ids.unique;
import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert rules on the rollups: "the thumbs-down rate of agent X over the last hour passes 20 %, with at least 10
 * votes" fires once when votes cross the threshold and resolves once when they cross back, as signed webhook events
 * and in the rule's state and history.
 */
@HubTest(environment = {"FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true", "FEEDBACK_HUB_ALERT_INTERVAL=100ms"})
class AlertRulesTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    private void votes(String agent, String label, int n) {
        var items = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            items.add("""
                    {"agent_id": "%s", "message_id": "%s", "label": "%s"}""".formatted(agent, unique("m"), label));
        }
        var r = api.post("/v1/feedback/batch", "{\"items\": [" + String.join(",", items) + "]}");
        assertEquals(200, r.status(), r.body());
    }

    private JsonNode rule(String id) {
        return api.get("/v1/alerts/" + id).json();
    }

    /** Waits until the rule has been evaluated on everything written so far, and then {@code more} times. */
    private JsonNode evaluatedAfterNow(String id, int more) {
        var since = java.time.Instant.now().toString();
        for (int i = 0; i <= more; i++) {
            var after = i == 0 ? since : rule(id).get("last_evaluation").get("evaluated_at").asText();
            eventually(WAIT, "an evaluation after " + after, () -> {
                var last = rule(id).get("last_evaluation");
                return !last.isNull() && last.get("evaluated_at").asText().compareTo(after) > 0;
            });
        }
        return rule(id);
    }

    @Test
    void a_rule_fires_once_when_votes_cross_its_threshold_and_resolves_once_when_they_cross_back() {
        try (var receiver = Receiver.start()) {
            var agent = unique("agent");
            var secret = api.post("/v1/webhooks", """
                    {"url": "%s", "events": ["alert.triggered", "alert.resolved"]}""".formatted(receiver.url())).json().get("secret").asText();
            var created = api.post("/v1/alerts", """
                    {"description": "thumbs down spike", "filter": {"agent_id": "%s", "name": "reaction"}, "window": "1h",
                     "min_count": 10, "condition": "rate(thumbs_down) > 0.2"}""".formatted(agent));
            assertEquals(201, created.status(), created.body());
            var id = created.json().get("id").asText();

            votes(agent, "thumbs_down", 9);
            var tooFew = evaluatedAfterNow(id, 1);
            votes(agent, "thumbs_down", 1);
            eventually(WAIT, "fired", () -> rule(id).get("state").asText().equals("firing"));
            votes(agent, "thumbs_up", 40);
            eventually(WAIT, "resolved", () -> rule(id).get("state").asText().equals("ok"));
            var settled = evaluatedAfterNow(id, 3);
            eventually(WAIT, "both events delivered", () -> receiver.accepted().size() >= 2);

            assertEquals("ok", tooFew.get("state").asText(), "9 votes are fewer than min_count 10: " + tooFew);
            assertEquals(9, tooFew.get("last_evaluation").get("count").asInt());
            assertEquals("ok", settled.get("state").asText());
            assertEquals(50, settled.get("last_evaluation").get("count").asInt());
            assertEquals(0.2, settled.get("last_evaluation").get("value").asDouble(), 1e-9);
            // deliveries run concurrently, so arrival order is not promised: the payload's timestamp orders them
            var events = receiver.accepted().stream()
                    .sorted(java.util.Comparator.comparing(e -> e.json().get("timestamp").asText())).toList();
            assertEquals(List.of("alert.triggered", "alert.resolved"), events.stream().map(Receiver.Received::type).toList(),
                    "one event each, after several more evaluations");
            events.forEach(e -> assertTrue(e.signedWith(secret)));
            var fired = events.get(0).json().get("data");
            assertEquals(id, fired.get("rule").get("id").asText());
            assertEquals("firing", fired.get("state").asText());
            assertEquals(10, fired.get("count").asInt());
            assertEquals(1.0, fired.get("value").asDouble());
            assertTrue(fired.get("interval").get("low").asDouble() > 0.6, "Wilson interval of 10/10: " + fired.get("interval"));
            assertTrue(fired.get("window").get("from").asText().compareTo(fired.get("window").get("to").asText()) < 0);
            var resolved = events.get(1).json().get("data");
            assertEquals("resolved", resolved.get("state").asText());
            assertEquals(50, resolved.get("count").asInt());
            var history = api.get("/v1/alerts/" + id + "/history").json().get("items");
            assertEquals(2, history.size());
            assertEquals("resolved", history.get(0).get("state").asText(), "newest first");
            assertEquals("firing", history.get(1).get("state").asText());
            assertEquals(events.get(0).id(), history.get(1).get("id").asText(), "the history entry is the webhook event");
        }
    }

    @Test
    void a_rule_on_the_lower_bound_waits_for_enough_evidence_before_firing() {
        var agent = unique("agent");
        var id = api.post("/v1/alerts", """
                {"filter": {"agent_id": "%s"}, "condition": "rate(thumbs_down) > 0.5", "compare": "lower_bound"}""".formatted(agent))
                .json().get("id").asText();

        votes(agent, "thumbs_down", 3);
        var fewVotes = evaluatedAfterNow(id, 1);
        votes(agent, "thumbs_down", 7);
        eventually(WAIT, "fired on 10 of 10", () -> rule(id).get("state").asText().equals("firing"));

        assertEquals("ok", fewVotes.get("state").asText(), "3 of 3 is a rate of 1 but its lower bound is below 0.5: " + fewVotes);
        assertTrue(fewVotes.get("last_evaluation").get("interval").get("low").asDouble() < 0.5);
    }

    @Test
    void a_mean_score_rule_fires_when_the_mean_falls_below_its_threshold() {
        var agent = unique("agent");
        var id = api.post("/v1/alerts", """
                {"filter": {"agent_id": "%s", "name": "accuracy"}, "condition": "mean(score) < 0.6", "min_count": 3}""".formatted(agent))
                .json().get("id").asText();

        for (var score : List.of(0.2, 0.4, 0.5)) {
            api.post("/v1/feedback", """
                    {"agent_id": "%s", "message_id": "%s", "name": "accuracy", "score": %s}""".formatted(agent, unique("m"), score));
        }

        eventually(WAIT, "fired", () -> rule(id).get("state").asText().equals("firing"));
        var last = rule(id).get("last_evaluation");
        assertEquals(3, last.get("count").asInt());
        assertEquals(0.3667, last.get("value").asDouble(), 1e-3);
    }

    @Test
    void rules_are_listed_changed_and_deleted_and_conditions_the_rollups_cannot_answer_are_refused() {
        var created = api.post("/v1/alerts", "{\"condition\": \"rate(flagged) >= 0.1\", \"filter\": {\"metadata.model\": \"gpt-x\"}}").json();
        var id = created.get("id").asText();

        var patched = api.patch("/v1/alerts/" + id, "{\"window\": \"24h\", \"min_count\": 30, \"enabled\": false}");
        var listed = api.get("/v1/alerts").json().get("items");
        var bad = api.post("/v1/alerts", """
                {"condition": "rate(thumbs_down) > 20", "window": "30m", "compare": "median", "min_count": 0,
                 "filter": {"thread_id": "t", "label": "thumbs_down", "metadata.a": "1", "metadata.b": "2"}}""");
        var syntax = api.post("/v1/alerts", "{\"condition\": \"thumbs_down > 0.2\"}");
        var otherTenant = hub.otherTenant().get("/v1/alerts/" + id);
        var deleted = api.delete("/v1/alerts/" + id);

        assertEquals("1h", created.get("window").asText(), "default window");
        assertEquals("estimate", created.get("compare").asText());
        assertEquals("rate(flagged) >= 0.1", created.get("condition").asText());
        assertEquals(200, patched.status(), patched.body());
        assertEquals("1d", patched.json().get("window").asText(), "durations are written in their largest whole unit");
        assertEquals(30, patched.json().get("min_count").asInt());
        assertEquals(false, patched.json().get("enabled").asBoolean());
        assertTrue(listed.size() >= 1);
        assertEquals(422, bad.status());
        var fields = new HashSet<String>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(Set.of("condition", "window", "compare", "min_count", "filter.thread_id", "filter.metadata.b"), fields, bad.body());
        assertEquals(422, syntax.status());
        assertEquals(404, otherTenant.status());
        assertEquals(204, deleted.status());
        assertEquals(404, api.get("/v1/alerts/" + id).status());
        assertEquals(404, api.get("/v1/alerts/" + id + "/history").status());
    }
}
