package io.feedbackhub.reliability;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.CuttableProxy;
import io.feedbackhub.testing.NeedsPostgres;
import io.feedbackhub.testing.Postgres;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL becomes unreachable mid-load (a proxy between the node and the database drops every
 * connection): requests fail with 503 and Retry-After, readiness says so, nothing unacknowledged is
 * reported saved, and the node recovers by itself when the database is back.
 */
@NeedsPostgres
class DatabaseOutageTest {
    @Test
    void an_outage_answers_503_with_retry_after_and_the_node_recovers_by_itself() throws Exception {
        try (var direct = TestHub.start(StoreKind.POSTGRES); var proxy = new CuttableProxy(Postgres.PORT)) {
            var url = direct.environment(Map.of()).get("FEEDBACK_HUB_DATABASE_URL")
                    .replace(Postgres.ADDRESS, "127.0.0.1:" + proxy.port());
            var env = direct.environment(Map.of("FEEDBACK_HUB_DATABASE_URL", url));
            try (var hub = new io.feedbackhub.app.FeedbackHub(io.feedbackhub.app.Config.from(env)).start()) {
                var api = new Api("http://localhost:" + hub.port(), TestHub.SECRET_KEY);
                assertEquals(201, api.post("/v1/feedback", vote("before", 0)).status());

                var acked = new ConcurrentHashMap<String, Boolean>();
                var statuses = new ConcurrentHashMap<Integer, Integer>();
                var unexpected = new java.util.concurrent.ConcurrentLinkedQueue<String>();
                var stop = new AtomicBoolean();
                var outageMillis = new long[2];
                try (var pool = Executors.newFixedThreadPool(8)) {
                    for (int w = 0; w < 8; w++) {
                        int writer = w;
                        pool.submit(() -> {
                            for (int i = 0; !stop.get(); i++) {
                                var r = api.post("/v1/feedback", vote("during-" + writer, i));
                                statuses.merge(r.status(), 1, Integer::sum);
                                if (r.status() == 201) {
                                    acked.put(r.json().get("id").asText(), true);
                                } else if (r.status() != 503 || !"5".equals(r.header("Retry-After"))
                                        || !"application/problem+json".equals(r.header("Content-Type"))) {
                                    unexpected.add(r + " " + r.headers().map());
                                }
                            }
                        });
                    }
                    waitFor(() -> acked.size() >= 50);
                    proxy.cut();
                    long cutAt = System.nanoTime();
                    waitFor(() -> statuses.getOrDefault(503, 0) >= 20);
                    outageMillis[0] = (System.nanoTime() - cutAt) / 1_000_000;

                    var ready = api.get("/readyz");
                    assertEquals(503, ready.status());
                    assertEquals("5", ready.header("Retry-After"));

                    proxy.restore();
                    long restoredAt = System.nanoTime();
                    waitFor(() -> api.get("/readyz").status() == 200);
                    outageMillis[1] = (System.nanoTime() - restoredAt) / 1_000_000;
                    int ackedBefore = acked.size();
                    waitFor(() -> acked.size() >= ackedBefore + 50);
                    stop.set(true);
                }

                var missing = new ArrayList<String>();
                for (var id : acked.keySet()) {
                    if (api.get("/v1/feedback/" + id).status() != 200) {
                        missing.add(id);
                    }
                }
                assertEquals(List.of(), missing, "acknowledged during the outage but not stored");
                assertEquals(List.of(), List.copyOf(unexpected), "every failure is a 503 problem with Retry-After");
                assertTrue(statuses.getOrDefault(503, 0) >= 20, statuses.toString());
                assertTrue(api.get("/metrics").body().matches("(?s).*feedbackhub_store_unavailable_total [1-9].*"));
                System.out.println("DatabaseOutageTest: " + acked.size() + " writes acknowledged (before, during and after the outage), "
                        + "all stored; answers by status " + new java.util.TreeMap<>(statuses) + "; 20 answers of 503 within " + outageMillis[0]
                        + " ms of the cut; ready again " + outageMillis[1] + " ms after the database came back");
            }
        }
    }

    private static String vote(String prefix, int i) {
        return """
                {"message_id": "%s-%d", "label": "thumbs_up"}""".formatted(prefix, i);
    }

    /** Polls a condition (at most two minutes); the test depends on the condition, never on a duration. */
    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached within two minutes");
    }
}
