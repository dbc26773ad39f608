package io.feedbackhub.api;

import io.feedbackhub.core.CacheVersions.Topic;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.NeedsPostgres;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two more server processes on the same PostgreSQL database as an in-test node: uniqueness comes from the
 * database, so it holds across processes.
 */
@NeedsPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralNodesOnPostgresTest {
    TestHub hub;
    ChildHub second;
    ChildHub third;
    final List<Api> nodes = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        hub = TestHub.start(StoreKind.POSTGRES);
        second = ChildHub.start(hub.environment(Map.of()));
        third = ChildHub.start(hub.environment(Map.of()));
        nodes.add(hub.api);
        nodes.add(second.api(TestHub.SECRET_KEY));
        nodes.add(third.api(TestHub.SECRET_KEY));
    }

    @AfterAll
    void stop() throws Exception {
        second.close();
        third.close();
        hub.close();
    }

    @Test
    void concurrent_retries_of_one_key_across_processes_make_one_record() throws Exception {
        var body = """
                {"message_id": "m-%s", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID());
        var calls = new ArrayList<Callable<Api.Response>>();
        for (int i = 0; i < 48; i++) {
            var node = nodes.get(i % nodes.size());
            calls.add(() -> node.post("/v1/feedback", body));
        }

        var ids = new HashSet<String>();
        int created = 0;
        try (var pool = Executors.newFixedThreadPool(48)) {
            for (var f : pool.invokeAll(calls)) {
                var r = f.get();
                assertTrue(r.status() == 200 || r.status() == 201, r.toString());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().get("id").asText());
            }
        }

        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals(1, hub.api.get("/v1/feedback/" + ids.iterator().next()).json().get("revision").asInt());
    }

    @Test
    void concurrent_votes_on_one_slot_across_processes_keep_one_record_with_a_gapless_history() throws Exception {
        var message = "m-" + UUID.randomUUID();
        var calls = new ArrayList<Callable<Api.Response>>();
        for (int i = 0; i < 30; i++) {
            var node = nodes.get(i % nodes.size());
            var label = i % 2 == 0 ? "thumbs_up" : "thumbs_down";
            calls.add(() -> node.post("/v1/feedback", """
                    {"message_id": "%s", "author_id": "same-user", "label": "%s"}""".formatted(message, label)));
        }

        var ids = new HashSet<String>();
        try (var pool = Executors.newFixedThreadPool(30)) {
            for (var f : pool.invokeAll(calls)) {
                var r = f.get();
                assertTrue(r.status() == 200 || r.status() == 201, r.toString());
                ids.add(r.json().get("id").asText());
            }
        }

        assertEquals(1, ids.size());
        var history = hub.api.get("/v1/feedback/" + ids.iterator().next() + "/history").json().get("items");
        // a vote repeating the current label changes nothing and writes no revision: at most 30, each a change
        assertTrue(history.size() >= 2 && history.size() <= 30, history.toString());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i + 1, history.get(i).get("revision").asInt(), "revisions are 1..n without gaps");
            if (i > 0) {
                assertNotEquals(history.get(i - 1).get("label"), history.get(i).get("label"), "every revision changed something");
            }
        }
        var consistency = second.api(TestHub.SECRET_KEY).get("/v1/stats/consistency").json();
        assertTrue(consistency.get("consistent").asBoolean(), "rollups equal a recount after racing writers: " + consistency);
    }

    /**
     * The node that revokes a key refuses it at once. Every other node refuses it once it has read the key version the
     * revocation raised, which it does every 250 ms (docs/caching.md); the test waits for that read, not for a time.
     */
    @Test
    void a_key_revoked_on_one_node_is_refused_by_every_node_once_it_has_read_the_new_key_version() {
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var issued = admin.post("/v1/keys", "{\"role\": \"secret\"}").json();
        var secret = issued.get("secret").asText();
        for (var node : List.of(hub.api, second.api(secret), third.api(secret))) {
            assertEquals(200, node.withKey(secret).get("/v1/feedback").status(), "the key works, and is now cached");
        }

        second.api(TestHub.ADMIN_KEY).delete("/v1/keys/" + issued.get("id").asText());

        assertEquals(401, second.api(secret).get("/v1/feedback").status(), "the revoking node refuses at once");
        awaitVersionRead(Topic.API_KEYS);
        assertEquals(401, hub.api.withKey(secret).get("/v1/feedback").status(), "refused once the new version was read");
        assertTrue(eventually(() -> third.api(secret).get("/v1/feedback").status() == 401), "the third node refuses too");
    }

    @Test
    void a_publishable_keys_origins_changed_on_one_node_act_on_every_node_once_it_has_read_the_new_key_version() {
        var issued = hub.api.withKey(TestHub.ADMIN_KEY).post("/v1/keys",
                "{\"role\": \"publishable\", \"allowed_origins\": [\"https://old.example\"]}").json();
        var secret = issued.get("secret").asText();
        for (var node : List.of(hub.api.withKey(secret), third.api(secret))) {
            assertEquals(201, node.post("/v1/feedback", aVote(), "Origin", "https://old.example").status(), "works, and is now cached");
        }

        assertEquals(200, second.api(TestHub.ADMIN_KEY).patch("/v1/keys/" + issued.get("id").asText(),
                "{\"allowed_origins\": [\"https://new.example\"]}").status());

        assertEquals(403, second.api(secret).post("/v1/feedback", aVote(), "Origin", "https://old.example").status(), "the changing node at once");
        awaitVersionRead(Topic.API_KEYS);
        assertEquals(403, hub.api.withKey(secret).post("/v1/feedback", aVote(), "Origin", "https://old.example").status());
        assertEquals(201, hub.api.withKey(secret).post("/v1/feedback", aVote(), "Origin", "https://new.example").status());
        assertTrue(eventually(() -> third.api(secret).post("/v1/feedback", aVote(), "Origin", "https://old.example").status() == 403),
                "the third node refuses the old origin too");
        assertEquals(201, third.api(secret).post("/v1/feedback", aVote(), "Origin", "https://new.example").status());
    }

    private static String aVote() {
        return """
                {"message_id": "m-%s", "label": "thumbs_up", "author_id": "end-user"}""".formatted(UUID.randomUUID());
    }

    @Test
    void a_config_changed_on_one_node_acts_on_every_node_once_it_has_read_the_new_config_version() {
        var name = "stars-" + UUID.randomUUID();
        assertEquals(200, hub.api.put("/v1/feedback-configs/" + name, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}").status());
        var third = this.third.api(TestHub.SECRET_KEY);
        for (var node : List.of(hub.api, third)) {
            assertEquals(201, node.post("/v1/feedback", fourStars(name)).status(), "4 of 1-5 fits, and the config is now cached");
        }

        assertEquals(200, second.api(TestHub.SECRET_KEY).put("/v1/feedback-configs/" + name,
                "{\"type\": \"numeric\", \"min\": 1, \"max\": 3}").status());

        assertEquals(422, second.api(TestHub.SECRET_KEY).post("/v1/feedback", fourStars(name)).status(), "the changing node at once");
        awaitVersionRead(Topic.FEEDBACK_CONFIGS);
        assertEquals(422, hub.api.post("/v1/feedback", fourStars(name)).status(), "refused once the new version was read");
        assertTrue(eventually(() -> third.post("/v1/feedback", fourStars(name)).status() == 422), "the third node refuses too");
    }

    private static String fourStars(String name) {
        return """
                {"message_id": "m-%s", "name": "%s", "score": 4}""".formatted(UUID.randomUUID(), name);
    }

    /** Waits until the in-test node has read the topic's version as the database holds it now; fails after 5 s. */
    private void awaitVersionRead(Topic topic) {
        long stored = hub.hub().database().read(c -> {
            try (var s = c.prepareStatement("SELECT version FROM cache_versions WHERE topic = ?")) {
                s.setString(1, topic.stored);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertTrue(eventually(() -> hub.hub().cacheVersions().current(topic).orElse(-1) >= stored),
                "the node read " + topic + " version " + stored);
    }

    /** Polls {@code condition} until it holds, for at most 5 s (a generous bound: the nodes read versions every 250 ms). */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
