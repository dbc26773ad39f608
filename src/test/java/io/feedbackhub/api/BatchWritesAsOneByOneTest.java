package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch runs its key claims, context reads and inserts as one statement each (core/WriteSemantics.upsertAll), and
 * must still answer every item as if the items had been written one after the other: keys used before or earlier in
 * the same batch replay or conflict, taken slots update in request order, registered context is inherited, and
 * concurrent batches on the same slots and keys serialize without losing a write or making a second record.
 */
@HubTest
class BatchWritesAsOneByOneTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    static String item(String message, String author, String label, String key) {
        return """
                {"message_id": "%s", "author_id": "%s", "label": "%s"%s}""".formatted(message, author, label,
                key == null ? "" : ", \"client_feedback_id\": \"" + key + "\"");
    }

    static String batch(List<String> items) {
        return "{\"items\": [" + String.join(",", items) + "]}";
    }

    JsonNode results(String body) {
        var response = api.post("/v1/feedback/batch", body);
        assertEquals(200, response.status(), response.body());
        return response.json().get("results");
    }

    @Test
    void every_item_is_answered_as_one_write_after_the_other_would_be() {
        var fresh = unique("m");
        var taken = unique("m");
        var twice = unique("m");
        var keyedMessage = unique("m");
        var usedBefore = unique("k");
        var usedInBatch = unique("k");
        var thread = unique("t");
        var agent = unique("agent");
        var registered = unique("m");
        assertEquals(200, api.put("/v1/threads/" + thread, "{\"agent_id\": \"" + agent + "\"}").status());
        assertEquals(200, api.put("/v1/messages/" + registered, "{\"thread_id\": \"" + thread + "\", \"model\": \"gpt-x\"}").status());
        var before = api.post("/v1/feedback", item(taken, "a", "thumbs_up", null)).json();
        var keyed = api.post("/v1/feedback", item(unique("m"), "a", "thumbs_up", usedBefore)).json();

        var r = results(batch(List.of(
                item(fresh, "a", "thumbs_up", null),                   // 0 created
                item(taken, "a", "thumbs_down", null),                 // 1 updates the record written before
                item(twice, "a", "thumbs_up", null),                   // 2 created
                item(twice, "a", "flagged", null),                     // 3 updates item 2
                item(unique("m"), "a", "thumbs_up", usedBefore),       // 4 key used before, other payload: conflict
                item(keyedMessage, "a", "thumbs_up", usedInBatch),     // 5 claims the key
                item(keyedMessage, "a", "thumbs_up", usedInBatch),     // 6 replays item 5
                item(keyedMessage, "a", "thumbs_down", usedInBatch),   // 7 same key, other payload: conflict
                item(registered, "a", "thumbs_up", null))));           // 8 inherits the registry's context

        assertEquals(201, r.get(0).get("status").asInt(), r.toString());
        assertEquals(200, r.get(1).get("status").asInt(), r.toString());
        assertEquals(before.get("id"), r.get(1).get("feedback").get("id"));
        assertEquals(2, r.get(1).get("feedback").get("revision").asInt());
        assertEquals(201, r.get(2).get("status").asInt(), r.toString());
        assertEquals(200, r.get(3).get("status").asInt(), r.toString());
        assertEquals(r.get(2).get("feedback").get("id"), r.get(3).get("feedback").get("id"));
        assertEquals("flagged", r.get(3).get("feedback").get("label").asText());
        assertEquals(409, r.get(4).get("status").asInt(), r.toString());
        assertEquals(201, r.get(5).get("status").asInt(), r.toString());
        assertEquals(200, r.get(6).get("status").asInt(), r.toString());
        assertEquals(r.get(5).get("feedback"), r.get(6).get("feedback"));
        assertEquals(409, r.get(7).get("status").asInt(), r.toString());
        assertEquals(201, r.get(8).get("status").asInt(), r.toString());
        var inherited = r.get(8).get("feedback");
        assertEquals(thread, inherited.get("thread_id").asText());
        assertEquals(agent, inherited.get("agent_id").asText());
        assertEquals("gpt-x", inherited.get("metadata").get("model").asText());

        assertEquals("flagged", onlyFeedbackOn(twice).get("label").asText());
        assertEquals("thumbs_down", onlyFeedbackOn(taken).get("label").asText());
        assertEquals(1, onlyFeedbackOn(keyedMessage).get("revision").asInt(), "a replay writes nothing");
        assertEquals(keyed, api.get("/v1/feedback/" + keyed.get("id").asText()).json(), "a conflict changes nothing");
        var audit = api.get("/v1/stats/consistency");
        assertTrue(audit.json().get("consistent").asBoolean(), audit.body());
    }

    @Test
    void concurrent_batches_on_the_same_slots_and_keys_serialize() throws Exception {
        int clients = 8;
        int slots = 40;
        var messages = new ArrayList<String>();
        var keys = new ArrayList<String>();
        for (int i = 0; i < slots; i++) {
            messages.add(unique("m"));
            keys.add(unique("k"));
        }
        var calls = new ArrayList<Callable<JsonNode>>();
        for (int c = 0; c < clients; c++) {
            var items = new ArrayList<String>();
            for (int i = 0; i < slots; i++) {
                // each client a label of its own on every slot, and the same keyed item on a slot of its own
                items.add("{\"message_id\": \"%s\", \"author_id\": \"a\", \"label\": \"l%d\"}".formatted(messages.get(i), c));
                items.add(item(messages.get(i) + "-keyed", "a", "thumbs_up", keys.get(i)));
            }
            var body = batch(items);
            calls.add(() -> results(body));
        }

        int created = 0;
        int keyedCreated = 0;
        var keyedIds = new HashSet<String>();
        try (var pool = Executors.newFixedThreadPool(clients)) {
            for (var f : pool.invokeAll(calls)) {
                var r = f.get();
                for (int i = 0; i < r.size(); i++) {
                    int status = r.get(i).get("status").asInt();
                    assertTrue(status == 200 || status == 201, r.get(i).toString());
                    if (i % 2 == 0) {
                        created += status == 201 ? 1 : 0;
                    } else {
                        keyedCreated += status == 201 ? 1 : 0;
                        keyedIds.add(r.get(i).get("feedback").get("id").asText());
                    }
                }
            }
        }

        assertEquals(slots, created, "one create per slot, every other write an update");
        assertEquals(slots, keyedCreated, "one create per key, every other write a replay");
        assertEquals(slots, keyedIds.size());
        for (var message : messages) {
            var stored = onlyFeedbackOn(message);
            assertEquals(clients, stored.get("revision").asInt(), "no update lost");
            assertEquals(clients, api.get("/v1/feedback/" + stored.get("id").asText() + "/history").json().get("items").size(),
                    "every revision in history, the current one last");
            assertEquals(1, onlyFeedbackOn(message + "-keyed").get("revision").asInt());
        }
        var audit = api.get("/v1/stats/consistency");
        assertTrue(audit.json().get("consistent").asBoolean(), audit.body());
    }

    JsonNode onlyFeedbackOn(String message) {
        var items = api.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
