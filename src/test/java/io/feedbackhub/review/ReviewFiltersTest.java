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
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Items added by a filter over feedback or messages, sampled by a seed, and live filters fed by the write path. */
@HubTest
class ReviewFiltersTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_feedback_filter_adds_the_answers_of_matching_feedback_once_each() {
        var run = UUID.randomUUID().toString();
        var down = List.of("m-" + UUID.randomUUID(), "m-" + UUID.randomUUID());
        vote(down.get(0), "alice", "thumbs_down", run);
        vote(down.get(0), "bob", "thumbs_down", run);
        vote(down.get(1), "alice", "thumbs_down", run);
        vote("m-" + UUID.randomUUID(), "alice", "thumbs_up", run);
        vote("m-" + UUID.randomUUID(), "alice", "thumbs_down", "another-" + run);
        var queue = aQueue();

        var added = addByFilter(queue, "{\"feedback\": {\"name\": \"thumbs\", \"label\": \"thumbs_down\", \"metadata.run\": \"" + run + "\"}}");

        assertEquals(201, added.status(), added.body());
        assertEquals(3, added.json().get("matched").asInt());
        assertEquals(2, added.json().get("added").asInt());
        assertEquals(Set.copyOf(down), queuedMessages(queue));
        var filters = api.get("/v1/review-queues/" + queue + "/filters").json().get("items");
        assertEquals(1, filters.size());
        assertEquals("thumbs_down", filters.get(0).get("feedback").get("label").asText());
    }

    @Test
    void a_live_filter_queues_the_answers_of_new_matching_feedback_until_it_is_stopped() {
        var run = UUID.randomUUID().toString();
        var queue = aQueue();
        var created = addByFilter(queue, "{\"feedback\": {\"label\": \"thumbs_down\", \"metadata.run\": \"" + run + "\"}, \"live\": true}");
        assertEquals(201, created.status(), created.body());
        assertEquals(0, created.json().get("added").asInt());
        var filterId = created.json().get("filter").get("id").asText();

        var later = "m-" + UUID.randomUUID();
        vote(later, "carol", "thumbs_down", run);
        vote("m-" + UUID.randomUUID(), "carol", "thumbs_up", run);

        assertEquals(Set.of(later), queuedMessages(queue));
        assertEquals(204, api.delete("/v1/review-queues/" + queue + "/filters/" + filterId).status());
        vote("m-" + UUID.randomUUID(), "carol", "thumbs_down", run);
        assertEquals(Set.of(later), queuedMessages(queue), "a stopped filter adds nothing");
        assertEquals(404, api.delete("/v1/review-queues/" + queue + "/filters/no-such-filter").status());
        var claim = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"dan\"}");
        assertEquals(later, claim.json().get("item").get("message_id").asText(), "the live item is claimed like any other");
    }

    @Test
    void a_sample_of_messages_is_the_same_for_the_same_seed_and_follows_the_hash() {
        var model = "model-" + UUID.randomUUID();
        var ids = new ArrayList<String>();
        for (int i = 0; i < 120; i++) {
            var id = "m-" + UUID.randomUUID();
            ids.add(id);
            assertEquals(200, api.put("/v1/messages/" + id, "{\"content\": \"an answer\", \"model\": \"" + model + "\"}").status());
        }
        var body = "{\"messages\": {\"model\": \"" + model + "\"}, \"sample\": {\"rate\": 0.25, \"seed\": \"s1\"}}";
        var first = aQueue();
        var second = aQueue();

        var added = addByFilter(first, body);
        addByFilter(second, body);

        assertEquals(201, added.status(), added.body());
        assertEquals(120, added.json().get("matched").asInt());
        var expected = new HashSet<String>();
        ids.stream().filter(id -> Sample.keeps("s1", "message:" + id, 0.25)).forEach(expected::add);
        assertEquals(expected, queuedMessages(first));
        assertEquals(expected, queuedMessages(second));
        assertTrue(expected.size() > 10 && expected.size() < 60, "about a quarter: " + expected.size());
    }

    @Test
    void a_live_message_filter_queues_its_sample_of_messages_registered_later_as_they_are_written() {
        var model = "model-" + UUID.randomUUID();
        var before = "m-" + UUID.randomUUID();
        putMessage(before, model, "v3");
        var queue = aQueue();
        var created = addByFilter(queue, """
                {"messages": {"model": "%s", "metadata": {"prompt_version": "v3"}}, "sample": {"rate": 0.5, "seed": "live-s"}, "live": true}"""
                .formatted(model));
        assertEquals(201, created.status(), created.body());

        var later = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            var id = "m-" + UUID.randomUUID();
            later.add(id);
            putMessage(id, model, "v3");
        }
        for (int i = 0; i < 10; i++) {
            putMessage("m-" + UUID.randomUUID(), model, "v2");
            putMessage("m-" + UUID.randomUUID(), "another-" + model, "v3");
        }
        var queued = queuedMessages(queue);
        putMessage(later.getFirst(), model, "v3");
        int afterRewrite = api.get("/v1/review-queues/" + queue).json().get("progress").get("items").asInt();
        assertEquals(204, api.delete("/v1/review-queues/" + queue + "/filters/" + created.json().get("filter").get("id").asText()).status());
        putMessage("m-" + UUID.randomUUID(), model, "v3");
        int afterStop = api.get("/v1/review-queues/" + queue).json().get("progress").get("items").asInt();

        var expected = new HashSet<String>();
        later.stream().filter(id -> Sample.keeps("live-s", "message:" + id, 0.5)).forEach(expected::add);
        if (Sample.keeps("live-s", "message:" + before, 0.5)) {
            expected.add(before);
        }
        assertEquals(expected, queued, "each matching message in the seed's sample, read right after its write returned");
        assertTrue(expected.size() > 15 && expected.size() < 45, "about half of 60: " + expected.size());
        assertEquals(expected.size(), afterRewrite, "a message written again enters once");
        assertEquals(expected.size(), afterStop, "a stopped filter adds nothing");
        assertTrue(api.get("/v1/review-queues/" + queue + "/filters").json().get("items").get(0).get("messages").has("metadata"));
    }

    private void putMessage(String id, String model, String promptVersion) {
        var r = api.put("/v1/messages/" + id, """
                {"content": "an answer", "model": "%s", "metadata": {"prompt_version": "%s"}}""".formatted(model, promptVersion));
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void a_filter_that_cannot_work_is_refused_and_stores_nothing() {
        var queue = aQueue();
        var pairwise = api.post("/v1/review-queues", "{\"name\": \"p\", \"kind\": \"pairwise\", \"form\": [\"preference\"]}").json().get("id").asText();

        assertEquals(422, addByFilter(queue, "{\"messages\": {\"created_from\": \"yesterday\"}, \"live\": true}").status());
        assertEquals(422, addByFilter(queue, "{\"messages\": {\"colour\": \"red\"}}").status());
        assertEquals(422, addByFilter(queue, "{\"feedback\": {}, \"sample\": {\"rate\": 0}}").status());
        assertEquals(422, addByFilter(queue, "{\"feedback\": {\"colour\": \"red\"}}").status());
        assertEquals(422, addByFilter(queue, "{}").status());
        assertEquals(422, addByFilter(pairwise, "{\"feedback\": {}}").status());
        assertEquals(0, api.get("/v1/review-queues/" + queue + "/filters").json().get("items").size());
    }

    private void vote(String messageId, String author, String label, String run) {
        var r = api.post("/v1/feedback", """
                {"message_id": "%s", "name": "thumbs", "author_id": "%s", "label": "%s", "metadata": {"run": "%s"}}"""
                .formatted(messageId, author, label, run));
        assertTrue(r.status() == 201 || r.status() == 200, r.body());
    }

    private String aQueue() {
        var created = api.post("/v1/review-queues", "{\"name\": \"filtered\", \"form\": [\"helpfulness\"]}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    private Api.Response addByFilter(String queue, String body) {
        return api.post("/v1/review-queues/" + queue + "/filters", body);
    }

    /** The message ids of the queue's items, read by claiming each as a reviewer of its own. */
    private Set<String> queuedMessages(String queue) {
        var out = new HashSet<String>();
        int items = api.get("/v1/review-queues/" + queue).json().get("progress").get("items").asInt();
        var reviewer = "lister-" + UUID.randomUUID();
        for (int i = 0; i < items; i++) {
            var claim = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
            JsonNode item = claim.json().get("item");
            out.add(item.get("message_id").asText());
            api.post("/v1/review-queues/" + queue + "/items/" + item.get("id").asText() + "/skip", "{\"reviewer_id\": \"" + reviewer + "\"}");
        }
        return out;
    }
}
