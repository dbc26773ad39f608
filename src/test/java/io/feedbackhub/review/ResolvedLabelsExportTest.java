package io.feedbackhub.review;

import io.feedbackhub.json.Json;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** GET /v1/export?labels=resolved: the adjudicated label beside each row's own, the individual reviews kept. */
@HubTest
class ResolvedLabelsExportTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void an_export_with_resolved_labels_gives_the_adjudicators_label_beside_each_review() {
        var message = "m-" + UUID.randomUUID();
        var queue = api.post("/v1/review-queues", "{\"name\": \"q\", \"form\": [\"helpfulness\"], \"reviewers_per_item\": 2, \"adjudicate\": true}")
                .json().get("id").asText();
        var item = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + message + "\"}]}")
                .json().get("items").get(0).get("id").asText();
        for (var reviewer : new String[]{"alice", "bob"}) {
            assertEquals(200, api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}").status());
            var label = reviewer.equals("alice") ? "good" : "bad";
            assertEquals(201, api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews", "{\"reviewer_id\": \"" + reviewer
                    + "\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + label + "\"}]}").status());
        }
        var unresolved = "m-" + UUID.randomUUID();
        assertEquals(201, api.post("/v1/feedback", "{\"message_id\": \"" + unresolved + "\", \"name\": \"helpfulness\", \"label\": \"good\"}").status());
        assertEquals(200, api.post("/v1/review-queues/" + queue + "/items/" + item + "/resolution",
                "{\"adjudicator_id\": \"carol\", \"name\": \"helpfulness\", \"label\": \"bad\"}").status());

        var export = api.get("/v1/export?format=jsonl&labels=resolved&message_id=" + message);

        assertEquals(200, export.status(), export.body());
        var own = new HashSet<String>();
        for (var line : export.body().split("\n")) {
            var row = Json.parse(line);
            own.add(row.get("label").asText());
            assertEquals("bad", row.get("resolved").get("label").asText(), line);
            assertEquals("carol", row.get("resolved").get("by").asText());
            assertEquals(queue, row.get("resolved").get("review_queue_id").asText());
        }
        assertEquals(Set.of("good", "bad"), own, "each reviewer's own label is kept");
        var plain = api.get("/v1/export?format=jsonl&message_id=" + message).body();
        assertFalse(plain.contains("\"resolved\""), plain);
        var other = api.get("/v1/export?format=jsonl&labels=resolved&message_id=" + unresolved).body();
        assertFalse(other.contains("\"resolved\""), "no decision, no resolved label: " + other);
        assertEquals(422, api.get("/v1/export?labels=adjudicated").status());
    }
}
