package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.feedbackhub.testing.Ids.unique;
import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert rules on agreement between raters: "the lower 95 % bound of Cohen's κ between this queue's reviewers is below
 * 0.6" fires once when it becomes true and resolves once when it stops, as signed webhook events, with the number
 * the agreement report gives; below the minimum overlap nothing fires, however much the raters disagree.
 */
@HubTest(environment = {"FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true", "FEEDBACK_HUB_ALERT_INTERVAL=100ms"})
class AgreementAlertsTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_rule_on_a_queues_kappa_fires_when_reviewers_disagree_and_resolves_when_they_agree_again() {
        try (var receiver = Receiver.start()) {
            var secret = api.post("/v1/webhooks", """
                    {"url": "%s", "events": ["alert.triggered", "alert.resolved"]}""".formatted(receiver.url())).json().get("secret").asText();
            var queue = aQueue();
            var created = api.post("/v1/alerts", """
                    {"description": "reviewers drift apart", "filter": {"review_queue_id": "%s", "name": "helpfulness"}, "window": "1d",
                     "condition": "agreement(cohen_kappa) < 0.6", "compare": "lower_bound"}""".formatted(queue));
            assertEquals(201, created.status(), created.body());
            var id = created.json().get("id").asText();

            // 6 items, half of them disagreed on: too few to say anything
            reviewPairs(queue, List.of("good", "bad", "good", "bad", "good", "bad"), List.of("good", "good", "bad", "bad", "good", "good"));
            var tooFew = evaluatedAfterNow(id, 1);
            // 6 more alike: 12 shared items, κ near 0
            reviewPairs(queue, List.of("good", "bad", "good", "bad", "good", "bad"), List.of("good", "good", "bad", "bad", "good", "good"));
            eventually(WAIT, "fired", () -> rule(id).get("state").asText().equals("firing"));
            // 80 items agreed on, as many good as bad
            var agreed = new java.util.ArrayList<String>();
            for (int i = 0; i < 80; i++) {
                agreed.add(i % 2 == 0 ? "good" : "bad");
            }
            reviewPairs(queue, agreed, agreed);
            eventually(WAIT, "resolved", () -> rule(id).get("state").asText().equals("ok"));
            var settled = evaluatedAfterNow(id, 2);
            eventually(WAIT, "both events delivered", () -> receiver.accepted().size() >= 2);
            var report = api.get("/v1/review-queues/" + queue + "/agreement?name=helpfulness").json();

            assertEquals("ok", tooFew.get("state").asText(), tooFew.toString());
            assertEquals(6, tooFew.get("last_evaluation").get("count").asInt(), "6 items rated by two: below the minimum of 10");
            assertTrue(tooFew.get("last_evaluation").get("value").isNull(), "not enough overlap to say: " + tooFew);
            assertEquals(92, settled.get("last_evaluation").get("count").asInt());
            var last = settled.get("last_evaluation");
            var kappa = report.get("cohen_kappa");
            assertEquals(kappa.get("value").asDouble(), last.get("value").asDouble(), 1e-12, "the rule reads the queue's own report");
            assertEquals(kappa.get("low").asDouble(), last.get("interval").get("low").asDouble(), 1e-12);
            assertTrue(last.get("interval").get("low").asDouble() >= 0.6, last.toString());
            var events = receiver.accepted().stream().sorted(Comparator.comparing(e -> e.json().get("timestamp").asText())).toList();
            assertEquals(List.of("alert.triggered", "alert.resolved"), events.stream().map(Receiver.Received::type).toList());
            events.forEach(e -> assertTrue(e.signedWith(secret)));
            var fired = events.get(0).json().get("data");
            assertEquals("agreement(cohen_kappa) < 0.6", fired.get("rule").get("condition").asText());
            assertEquals(queue, fired.get("rule").get("filter").get("review_queue_id").asText());
            assertTrue(fired.get("count").asInt() >= 10 && fired.get("count").asInt() <= 12, fired.toString());
            assertTrue(fired.get("interval").get("low").asDouble() < 0.6, fired.toString());
            var history = api.get("/v1/alerts/" + id + "/history").json().get("items");
            assertEquals(List.of("resolved", "firing"), List.of(history.get(0).get("state").asText(), history.get(1).get("state").asText()));
        }
    }

    @Test
    void raters_of_a_name_who_disagree_on_everything_fire_nothing_until_they_share_ten_answers() {
        var name = unique("tone");
        var id = api.post("/v1/alerts", """
                {"filter": {"name": "%s", "source": "api"}, "condition": "agreement(fleiss_kappa) < 0.5"}""".formatted(name))
                .json().get("id").asText();

        for (int i = 0; i < 9; i++) {
            threeRatersDisagree(name);
        }
        var nine = evaluatedAfterNow(id, 1);
        threeRatersDisagree(name);
        eventually(WAIT, "fired at ten shared answers", () -> rule(id).get("state").asText().equals("firing"));
        var ten = evaluatedAfterNow(id, 0).get("last_evaluation");
        var report = api.get("/v1/stats/agreement?source=api&name=" + name).json();

        assertEquals("ok", nine.get("state").asText(), nine.toString());
        assertEquals(9, nine.get("last_evaluation").get("count").asInt());
        assertTrue(nine.get("last_evaluation").get("value").isNull(), nine.toString());
        assertEquals(10, ten.get("count").asInt());
        assertEquals(report.get("fleiss_kappa").get("value").asDouble(), ten.get("value").asDouble(), 1e-12);
        assertTrue(ten.get("value").asDouble() < 0, "three different labels on every answer: " + ten);
    }

    @Test
    void agreement_conditions_that_cannot_be_measured_are_refused_with_every_reason() {
        var queue = aQueue();

        var noName = api.post("/v1/alerts", "{\"condition\": \"agreement(cohen_kappa) < 0.6\", \"filter\": {\"label\": \"good\"}}");
        var unknown = api.post("/v1/alerts", "{\"condition\": \"agreement(kappa) < 0.6\", \"filter\": {\"name\": \"x\"}}");
        var outOfRange = api.post("/v1/alerts", "{\"condition\": \"agreement(fleiss_kappa) < -2\", \"filter\": {\"name\": \"x\"}}");
        var rateOnQueue = api.post("/v1/alerts", """
                {"condition": "rate(good) < 0.5", "filter": {"review_queue_id": "%s", "source": "reviewer"}}""".formatted(queue));
        var badQueue = api.post("/v1/alerts", """
                {"condition": "agreement(alpha_nominal) < 0.667", "filter": {"review_queue_id": "nope", "name": "helpfulness"}}""");
        var notInForm = api.post("/v1/alerts", """
                {"condition": "agreement(alpha_nominal) < 0.667", "filter": {"review_queue_id": "%s", "name": "tone", "agent_id": "a"}}"""
                .formatted(queue));
        var badSource = api.post("/v1/alerts", "{\"condition\": \"agreement(percent_agreement) < 0.8\", \"filter\": {\"name\": \"x\", \"source\": \"robot\"}}");

        assertEquals(Set.of("filter.name", "filter"), fields(noName));
        assertEquals(Set.of("condition"), fields(unknown));
        assertTrue(unknown.body().contains("fleiss_kappa"), "the refusal lists the coefficients: " + unknown.body());
        assertEquals(Set.of("condition"), fields(outOfRange));
        assertEquals(Set.of("filter.review_queue_id", "filter.source"), fields(rateOnQueue));
        assertEquals(Set.of("filter.review_queue_id"), fields(badQueue));
        assertEquals(Set.of("filter.name", "filter.review_queue_id"), fields(notInForm));
        assertEquals(Set.of("filter.source"), fields(badSource));
    }

    private static Set<String> fields(Api.Response r) {
        assertEquals(422, r.status(), r.body());
        var out = new HashSet<String>();
        r.json().get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    private void threeRatersDisagree(String name) {
        var message = unique("m");
        var labels = List.of("warm", "neutral", "cold");
        for (int rater = 0; rater < 3; rater++) {
            var r = api.post("/v1/feedback", """
                    {"message_id": "%s", "name": "%s", "label": "%s", "author_id": "rater-%d"}""".formatted(message, name, labels.get(rater), rater));
            assertEquals(201, r.status(), r.body());
        }
    }

    private String aQueue() {
        var created = api.post("/v1/review-queues", "{\"name\": \"q\", \"form\": [\"helpfulness\"], \"reviewers_per_item\": 2}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    /** Adds one item per label pair; alice then bob review each in turn (each takes the oldest item that needs them). */
    private void reviewPairs(String queue, List<String> alice, List<String> bob) {
        var items = new StringBuilder("{\"items\": [");
        for (int i = 0; i < alice.size(); i++) {
            items.append(i == 0 ? "" : ",").append("{\"message_id\": \"").append(unique("m")).append("\"}");
        }
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items", items.append("]}").toString()).status());
        for (int i = 0; i < alice.size(); i++) {
            reviewNext(queue, "alice", alice.get(i));
            reviewNext(queue, "bob", bob.get(i));
        }
    }

    private void reviewNext(String queue, String reviewer, String label) {
        var claim = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
        assertEquals(200, claim.status(), claim.body());
        var item = claim.json().get("item").get("id").asText();
        var r = api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + label + "\"}]}");
        assertEquals(201, r.status(), r.body());
    }

    private JsonNode rule(String id) {
        return api.get("/v1/alerts/" + id).json();
    }

    /** Waits until the rule has been evaluated on everything written so far, and then {@code more} times. */
    private JsonNode evaluatedAfterNow(String id, int more) {
        var since = Instant.now().toString();
        for (int i = 0; i <= more; i++) {
            var after = i == 0 ? since : rule(id).get("last_evaluation").get("evaluated_at").asText();
            eventually(WAIT, "an evaluation after " + after, () -> {
                var last = rule(id).get("last_evaluation");
                return !last.isNull() && last.get("evaluated_at").asText().compareTo(after) > 0;
            });
        }
        return rule(id);
    }
}
