package io.feedbackhub.api;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

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
    final java.util.List<Api> nodes = new ArrayList<>();

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

    @Test
    void a_key_revoked_on_one_node_is_refused_by_every_node_at_once() {
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var issued = admin.post("/v1/keys", "{\"role\": \"secret\"}").json();
        var secret = issued.get("secret").asText();
        assertEquals(200, second.api(secret).get("/v1/feedback").status());

        second.api(TestHub.ADMIN_KEY).delete("/v1/keys/" + issued.get("id").asText());

        for (var node : java.util.List.of(hub.api, second.api(TestHub.SECRET_KEY), third.api(TestHub.SECRET_KEY))) {
            assertEquals(401, node.withKey(secret).get("/v1/feedback").status());
        }
    }
}
