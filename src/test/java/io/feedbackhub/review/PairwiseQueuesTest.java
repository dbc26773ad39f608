package io.feedbackhub.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairwise queues: two answers per item, the order shown per reviewer, choices as feedback, agreement and win rates. */
@HubTest
class PairwiseQueuesTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_reviewer_sees_the_pair_in_an_order_of_their_own_and_the_review_names_the_chosen_message() {
        var queue = aQueue(2);
        var a = "m-" + UUID.randomUUID();
        var b = "m-" + UUID.randomUUID();
        var item = addPairs(queue, List.of(List.of(a, b))).getFirst();

        var claim = next(queue, "alice");

        assertEquals(200, claim.status(), claim.body());
        assertEquals(List.of(a, b), strings(claim.json().get("item").get("pair")));
        var shown = strings(claim.json().get("shown_order"));
        assertEquals(new HashSet<>(List.of(a, b)), new HashSet<>(shown));
        assertEquals(shown, strings(next(queue, "alice").json().get("shown_order")), "the same order on every claim");
        var review = choose(queue, item, "alice", b);
        assertEquals(201, review.status(), review.body());
        var feedback = api.get("/v1/feedback/" + review.json().get("feedback").get(0).get("id").asText()).json();
        assertEquals(b, feedback.get("label").asText());
        assertEquals(a, feedback.get("message_id").asText(), "written on the pair's first answer");
        assertEquals(List.of(a, b), strings(feedback.get("data").get("pair")));
        assertEquals(shown, strings(feedback.get("data").get("shown_order")));
    }

    @Test
    void the_order_shown_differs_between_reviewers_and_is_balanced_over_items() {
        var queue = aQueue(1);
        var pairs = new ArrayList<List<String>>();
        for (int i = 0; i < 40; i++) {
            pairs.add(List.of("m-" + UUID.randomUUID(), "m-" + UUID.randomUUID()));
        }
        addPairs(queue, pairs);
        int firstShownFirst = 0;
        for (int i = 0; i < 40; i++) {
            var claim = next(queue, "r" + i).json();
            if (strings(claim.get("shown_order")).getFirst().equals(claim.get("item").get("pair").get(0).asText())) {
                firstShownFirst++;
            }
        }
        assertTrue(firstShownFirst > 5 && firstShownFirst < 35, "shown first " + firstShownFirst + " of 40 times");
    }

    @Test
    void a_choice_that_names_neither_answer_nor_a_tie_is_refused_and_nothing_is_written() {
        var queue = aQueue(1);
        var a = "m-" + UUID.randomUUID();
        var item = addPairs(queue, List.of(List.of(a, "m-" + UUID.randomUUID()))).getFirst();
        next(queue, "alice");

        var refused = choose(queue, item, "alice", "good");

        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("tie"), refused.body());
        assertEquals(0, api.get("/v1/feedback?message_id=" + a).json().get("items").size());
        assertEquals(201, choose(queue, item, "alice", "tie").status());
    }

    @Test
    void a_pair_enters_once_in_either_order_and_a_shared_first_message_is_swapped() {
        var queue = aQueue(1);
        var a = "m-" + UUID.randomUUID();
        var b = "m-" + UUID.randomUUID();
        var c = "m-" + UUID.randomUUID();
        addPairs(queue, List.of(List.of(a, b)));

        var again = api.post("/v1/review-queues/" + queue + "/items", itemsBody(List.of(List.of(b, a), List.of(a, c))));

        assertEquals(201, again.status(), again.body());
        assertEquals(1, again.json().get("already_queued").asInt());
        assertEquals(List.of(c, a), strings(again.json().get("items").get(0).get("pair")), "a is already first of a pair");
    }

    @Test
    void a_pair_whose_two_messages_are_both_first_elsewhere_is_refused_with_nothing_added() {
        var queue = aQueue(1);
        var a = "m-" + UUID.randomUUID();
        var c = "m-" + UUID.randomUUID();
        addPairs(queue, List.of(List.of(a, "x-" + a), List.of(c, "x-" + c)));
        var fresh = "m-" + UUID.randomUUID();

        var refused = api.post("/v1/review-queues/" + queue + "/items", itemsBody(List.of(List.of(fresh, "y-" + fresh), List.of(a, c))));

        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("first of another pair"), refused.body());
        var progress = api.get("/v1/review-queues/" + queue).json().get("progress");
        assertEquals(2, progress.get("items").asInt(), "the whole request was refused");
    }

    @Test
    void a_single_answer_in_a_pairwise_queue_and_a_pair_in_a_single_queue_are_refused() {
        var pairwise = aQueue(1);
        var single = api.post("/v1/review-queues", "{\"name\": \"s\", \"form\": [\"helpfulness\"]}").json().get("id").asText();

        assertEquals(422, api.post("/v1/review-queues/" + pairwise + "/items", "{\"items\": [{\"message_id\": \"m1\"}]}").status());
        assertEquals(422, api.post("/v1/review-queues/" + pairwise + "/items", "{\"items\": [{\"pair\": [\"m1\", \"m1\"]}]}").status());
        assertEquals(422, api.post("/v1/review-queues/" + single + "/items", "{\"items\": [{\"pair\": [\"m1\", \"m2\"]}]}").status());
    }

    @Test
    void agreement_is_measured_over_first_other_and_tie_and_win_rates_by_version_have_intervals() {
        var queue = aQueue(2);
        var pairs = new ArrayList<List<String>>();
        for (int i = 0; i < 12; i++) {
            var v2 = "v2-" + UUID.randomUUID();
            var v3 = "v3-" + UUID.randomUUID();
            putMessage(v2, "v2");
            putMessage(v3, "v3");
            pairs.add(List.of(v2, v3));
        }
        var items = addPairs(queue, pairs);
        for (int i = 0; i < items.size(); i++) {
            var winner = i < 9 ? pairs.get(i).get(1) : pairs.get(i).get(0); // v3 wins 9 of 12
            for (var reviewer : List.of("alice", "bob")) {
                var claim = next(queue, reviewer);
                assertEquals(items.get(i), claim.json().get("item").get("id").asText());
                var choice = reviewer.equals("bob") && i == 11 ? "tie" : winner;
                assertEquals(201, choose(queue, items.get(i), reviewer, choice).status());
            }
        }

        var agreement = api.get("/v1/review-queues/" + queue + "/agreement?name=preference");
        assertEquals(200, agreement.status(), agreement.body());
        assertEquals(List.of("first", "other", "tie"), strings(agreement.json().get("categories")).stream().sorted().toList());
        assertEquals(11 / 12.0, agreement.json().get("percent_agreement").get("value").asDouble(), 1e-9);

        var rates = api.get("/v1/review-queues/" + queue + "/win-rates?name=preference&by=prompt_version");
        assertEquals(200, rates.status(), rates.body());
        var top = rates.json().get("items").get(0);
        assertEquals("v3", top.get("key").asText());
        assertEquals(24, top.get("comparisons").asInt());
        assertEquals(18, top.get("wins").asInt());
        assertEquals(1, top.get("ties").asInt());
        assertEquals(18.5 / 24, top.get("win_rate").asDouble(), 1e-9);
        assertTrue(top.get("interval").get("low").asDouble() < 18.5 / 24 && top.get("interval").get("high").asDouble() > 18.5 / 24);
        var perMessage = api.get("/v1/review-queues/" + queue + "/win-rates?name=preference").json().get("items");
        assertEquals(24, perMessage.size(), "one row per answer");
        assertEquals(422, api.get("/v1/review-queues/" + queue + "/win-rates?name=helpfulness").status());
    }

    private void putMessage(String id, String version) {
        var put = api.put("/v1/messages/" + id, "{\"thread_id\": \"t\", \"role\": \"assistant\", \"content\": \"answer\", \"metadata\": {\"prompt_version\": \""
                + version + "\"}}");
        assertEquals(200, put.status(), put.body());
    }

    private String aQueue(int reviewersPerItem) {
        var created = api.post("/v1/review-queues", "{\"name\": \"v2 against v3\", \"kind\": \"pairwise\", \"form\": [\"preference\"], "
                + "\"reviewers_per_item\": " + reviewersPerItem + "}");
        assertEquals(201, created.status(), created.body());
        assertEquals("pairwise", created.json().get("kind").asText());
        return created.json().get("id").asText();
    }

    private static String itemsBody(List<List<String>> pairs) {
        var body = new StringBuilder("{\"items\": [");
        for (int i = 0; i < pairs.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"pair\": [\"").append(pairs.get(i).get(0)).append("\", \"")
                    .append(pairs.get(i).get(1)).append("\"]}");
        }
        return body.append("]}").toString();
    }

    private List<String> addPairs(String queue, List<List<String>> pairs) {
        var added = api.post("/v1/review-queues/" + queue + "/items", itemsBody(pairs));
        assertEquals(201, added.status(), added.body());
        var ids = new ArrayList<String>();
        added.json().get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private Api.Response next(String queue, String reviewer) {
        return api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
    }

    private Api.Response choose(String queue, String item, String reviewer, String choice) {
        return api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"preference\", \"label\": \"" + choice + "\"}]}");
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
