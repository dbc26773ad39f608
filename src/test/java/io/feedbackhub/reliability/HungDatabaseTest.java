package io.feedbackhub.reliability;

import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.feedbackhub.reliability.EmbeddedStoreRecoveryTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stops answering without closing anything (a proxy between node and database holds every byte, as a
 * network partition or SIGSTOPped server processes do): each request waits at most about the store timeout, then
 * gets a 503 with Retry-After; nothing acknowledged is lost; the node serves again by itself once the database answers.
 */
@NeedsPostgres
class HungDatabaseTest {
    private static final long STORE_TIMEOUT_MILLIS = 2000;
    /** The promise: a request waits about one store timeout (its wait for a connection within it), never the driver's 30 s. */
    private static final long BOUND_MILLIS = 3 * STORE_TIMEOUT_MILLIS;

    @Test
    void a_hung_database_costs_each_request_a_bounded_wait_and_a_503() throws Exception {
        try (var direct = TestHub.start(StoreKind.POSTGRES); var proxy = new CuttableProxy(Postgres.PORT)) {
            var url = direct.environment(Map.of()).get("FEEDBACK_HUB_DATABASE_URL").replace(Postgres.ADDRESS, "127.0.0.1:" + proxy.port());
            var env = direct.environment(Map.of("FEEDBACK_HUB_DATABASE_URL", url, "FEEDBACK_HUB_STORE_TIMEOUT", STORE_TIMEOUT_MILLIS / 1000 + "s"));
            try (var hub = new FeedbackHub(Config.from(env)).start()) {
                var api = new Api("http://localhost:" + hub.port(), TestHub.SECRET_KEY);
                var first = api.post("/v1/feedback", "{\"message_id\": \"before\", \"label\": \"thumbs_up\"}");
                assertEquals(201, first.status(), first.toString());
                var firstId = first.json().get("id").asText();

                var acked = new ConcurrentHashMap<String, Boolean>();
                var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
                var unexpected = new ConcurrentLinkedQueue<String>();
                var slowest = new AtomicLong();
                var inFlight = new ConcurrentHashMap<Long, Long>(); // request number -> start
                var numbers = new AtomicLong();
                var hungAt = new AtomicLong(Long.MAX_VALUE);
                var stop = new AtomicBoolean();
                try (var pool = Executors.newFixedThreadPool(8)) {
                    for (int w = 0; w < 8; w++) {
                        int worker = w;
                        pool.submit(() -> {
                            for (int i = 0; !stop.get(); i++) {
                                long number = numbers.incrementAndGet();
                                long start = System.nanoTime();
                                inFlight.put(number, start);
                                var r = worker < 6
                                        ? api.post("/v1/feedback", "{\"message_id\": \"m-" + worker + "-" + i + "\", \"label\": \"thumbs_up\"}")
                                        : api.get("/v1/feedback/" + firstId);
                                inFlight.remove(number);
                                slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                                statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                                if (r.status() == 201) {
                                    acked.put(r.json().get("id").asText(), true);
                                } else if (r.status() != 200 && (r.status() != 503 || r.header("Retry-After") == null
                                        || !"application/problem+json".equals(r.header("Content-Type")))) {
                                    unexpected.add(r + " " + r.headers().map());
                                }
                            }
                        });
                    }
                    int readinessWhileHung;
                    try {
                        waitFor(() -> acked.size() >= 50);
                        proxy.hang();
                        hungAt.set(System.nanoTime());
                        // hung until every request caught by the hang has been answered, however long that takes
                        waitFor(() -> count(statuses, 503) >= 30 && inFlight.values().stream().allMatch(start -> start > hungAt.get()));
                        readinessWhileHung = api.get("/readyz").status();
                        proxy.resume();

                        waitFor(() -> api.get("/readyz").status() == 200);
                        int ackedBefore = acked.size();
                        waitFor(() -> acked.size() >= ackedBefore + 50);
                    } finally {
                        stop.set(true);
                        proxy.resume();
                    }
                    assertEquals(503, readinessWhileHung, "/readyz while the database hangs");
                }

                var missing = new ArrayList<String>();
                for (var id : acked.keySet()) {
                    if (api.get("/v1/feedback/" + id).status() != 200) {
                        missing.add(id);
                    }
                }
                assertEquals(List.of(), missing, "acknowledged but not stored");
                assertEquals(List.of(), unexpected.stream().limit(3).toList(), "every failure is a 503 problem with Retry-After");
                assertTrue(slowest.get() <= BOUND_MILLIS, "slowest answer: " + slowest.get()
                        + " ms, more than " + BOUND_MILLIS + " ms (store timeout " + STORE_TIMEOUT_MILLIS + " ms)");
                var byStatus = new TreeMap<Integer, Integer>();
                statuses.forEach((k, v) -> byStatus.put(k, v.get()));
                System.out.println("HungDatabaseTest: store timeout " + STORE_TIMEOUT_MILLIS + " ms; slowest answer "
                        + slowest.get() + " ms; " + acked.size() + " writes acknowledged, all stored; answers by status " + byStatus);
            }
        }
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        var c = statuses.get(status);
        return c == null ? 0 : c.get();
    }
}
