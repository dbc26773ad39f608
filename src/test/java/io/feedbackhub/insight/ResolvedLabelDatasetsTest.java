package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * labels=resolved in CSV and the datasets: two answers to one prompt, each reviewed by two reviewers, one of them
 * adjudicated. CSV gives the decision in columns of its own beside each row's label; an eval case gives it beside
 * the majority label; a preference pair is decided by it where the reviewers' votes alone decide nothing.
 */
@HubTest
class ResolvedLabelDatasetsTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** Answer A: positive from alice, negative from bob (margin 0); answer B: negative from both; A resolved positive. */
    private record Reviewed(String name, String queue, String a, String b, String prompt) {
    }

    private Reviewed twoAnswersOneAdjudicated() {
        var name = unique("helpfulness");
        var prompt = unique("How long does a refund take?");
        var a = unique("m-a");
        var b = unique("m-b");
        assertEquals(200, api.put("/v1/messages/" + a, "{\"prompt\": \"" + prompt + "\", \"content\": \"Five days.\"}").status());
        assertEquals(200, api.put("/v1/messages/" + b, "{\"prompt\": \"" + prompt + "\", \"content\": \"No idea.\"}").status());
        var queue = api.post("/v1/review-queues", "{\"name\": \"q\", \"form\": [\"" + name + "\"], \"reviewers_per_item\": 2, \"adjudicate\": true}")
                .json().get("id").asText();
        var items = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + a + "\"}, {\"message_id\": \"" + b + "\"}]}")
                .json().get("items");
        review(queue, name, "alice", "positive");
        review(queue, name, "bob", "negative");
        review(queue, name, "alice", "negative");
        review(queue, name, "bob", "negative");
        var resolved = api.post("/v1/review-queues/" + queue + "/items/" + items.get(0).get("id").asText() + "/resolution",
                "{\"adjudicator_id\": \"carol\", \"name\": \"" + name + "\", \"label\": \"positive\"}");
        assertEquals(200, resolved.status(), resolved.body());
        return new Reviewed(name, queue, a, b, prompt);
    }

    private void review(String queue, String name, String reviewer, String label) {
        var claim = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
        assertEquals(200, claim.status(), claim.body());
        var r = api.post("/v1/review-queues/" + queue + "/items/" + claim.json().get("item").get("id").asText() + "/reviews",
                "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"" + name + "\", \"label\": \"" + label + "\"}]}");
        assertEquals(201, r.status(), r.body());
    }

    @Test
    void a_csv_export_with_resolved_labels_has_the_decision_in_four_columns_of_its_own() {
        var r = twoAnswersOneAdjudicated();

        var export = api.get("/v1/export?format=csv&labels=resolved&name=" + r.name());
        var plain = api.get("/v1/export?format=csv&name=" + r.name());

        assertEquals(200, export.status(), export.body());
        var records = ExportApiTest.Csv.parse(export.body());
        var header = records.getFirst();
        assertEquals(List.of("resolved_label", "resolved_by", "resolved_at", "resolved_review_queue_id"),
                header.subList(header.size() - 4, header.size()));
        assertEquals(5, records.size(), "a header and four reviews");
        var byMessage = new HashMap<String, List<Map<String, String>>>();
        for (var record : records.subList(1, records.size())) {
            assertEquals(header.size(), record.size());
            var row = new HashMap<String, String>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), record.get(i));
            }
            byMessage.computeIfAbsent(row.get("message_id"), m -> new java.util.ArrayList<>()).add(row);
        }
        for (var row : byMessage.get(r.a())) {
            assertEquals("positive", row.get("resolved_label"));
            assertEquals("carol", row.get("resolved_by"));
            assertEquals(r.queue(), row.get("resolved_review_queue_id"));
            assertFalse(row.get("resolved_at").isEmpty());
        }
        assertEquals(List.of("positive", "negative"), byMessage.get(r.a()).stream().map(row -> row.get("label")).sorted().toList().reversed(),
                "each reviewer's own label stays");
        for (var row : byMessage.get(r.b())) {
            assertEquals("", row.get("resolved_label"), "no decision, empty columns");
        }
        var plainHeader = ExportApiTest.Csv.parse(plain.body()).getFirst();
        assertEquals(header.size() - 4, plainHeader.size(), "without labels=resolved the columns are as before");
    }

    @Test
    void an_eval_case_gives_the_adjudicated_label_beside_the_majority() {
        var r = twoAnswersOneAdjudicated();

        var resolved = lines(api.get("/v1/export?format=eval&labels=resolved&name=" + r.name()));
        var plain = lines(api.get("/v1/export?format=eval&name=" + r.name()));

        assertEquals(1, resolved.size(), "one case per prompt");
        var c = resolved.getFirst();
        assertEquals(r.prompt(), c.get("input").asText());
        assertEquals(3, c.get("votes").get(r.name()).get("negative").asInt());
        assertEquals(1, c.get("votes").get(r.name()).get("positive").asInt());
        assertEquals("negative", c.get("majority_label").get(r.name()).asText(), "the votes are the reviewers' own");
        assertEquals("positive", c.get("resolved_label").get(r.name()).asText());
        assertFalse(plain.getFirst().has("resolved_label"));
    }

    @Test
    void a_preference_pair_follows_the_adjudicators_decision_where_the_votes_alone_decide_nothing() {
        var r = twoAnswersOneAdjudicated();

        var resolved = lines(api.get("/v1/export?format=preference&labels=resolved&name=" + r.name()));
        var plain = lines(api.get("/v1/export?format=preference&name=" + r.name()));

        assertTrue(plain.isEmpty(), "A's votes cancel out, so no answer is more up- than down-voted: " + plain);
        assertEquals(1, resolved.size(), resolved.toString());
        var pair = resolved.getFirst();
        assertEquals("Five days.", pair.get("chosen").asText());
        assertEquals("No idea.", pair.get("rejected").asText());
        assertEquals("same_prompt_votes", pair.get("pairing").asText());
        assertEquals(2, pair.get("metadata").get("chosen").get("positive").asInt(), "both reviews of A count as the decision says");
    }

    private static List<JsonNode> lines(Api.Response r) {
        assertEquals(200, r.status(), r.body());
        return ExportApiTest.lines(r.body());
    }
}
