package io.feedbackhub.reliability;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write acknowledged is a write kept: the real server in its own process is killed mid-load (SIGKILL, no
 * chance to flush anything) or stopped (SIGTERM, graceful), restarted on the same store, and every
 * acknowledged feedback must be there, intact.
 */
@ParameterizedClass
@EveryStore
class CrashSafetyTest {
    private static final int WRITERS = 16;
    private static final int ACKS_BEFORE_THE_SIGNAL = 400;

    @Parameter
    StoreKind store;

    /** What the client was told was saved: id → label it sent. */
    record Acknowledged(Map<String, String> labels, AtomicInteger failures) {
    }

    private Acknowledged loadUntilSignal(ChildHub node, Runnable signal) throws Exception {
        var acked = new ConcurrentHashMap<String, String>();
        var failures = new AtomicInteger();
        var stop = new AtomicBoolean();
        var enough = new CountDownLatch(ACKS_BEFORE_THE_SIGNAL);
        var api = node.api(TestHub.SECRET_KEY);
        try (var pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        var label = i % 3 == 0 ? "thumbs_down" : "thumbs_up";
                        try {
                            var r = api.post("/v1/feedback", """
                                    {"message_id": "crash-%d-%d", "author_id": "w%d", "label": "%s", "comment": "note %d"}"""
                                    .formatted(writer, i, writer, label, i));
                            if (r.status() == 201) {
                                acked.put(r.json().get("id").asText(), label);
                                enough.countDown();
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (RuntimeException connectionLost) {
                            failures.incrementAndGet();
                            if (stop.get()) {
                                return;
                            }
                        }
                    }
                });
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the server did not acknowledge " + ACKS_BEFORE_THE_SIGNAL + " writes");
            signal.run();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
        }
        return new Acknowledged(acked, failures);
    }

    private static void assertAllPresent(Api api, Acknowledged acked) {
        var missing = new ArrayList<String>();
        acked.labels().forEach((id, label) -> {
            var r = api.get("/v1/feedback/" + id);
            if (r.status() != 200 || !label.equals(r.json().get("label").asText())) {
                missing.add(id + " -> " + r);
            }
        });
        assertEquals(List.of(), missing, "acknowledged writes lost or changed");
    }

    @Test
    void every_write_acknowledged_before_a_sigkill_is_there_after_restart() throws Exception {
        try (var hub = TestHub.start(store)) {
            var env = hub.environment(Map.of("FEEDBACK_HUB_LOG_LEVEL", "WARN"));
            Acknowledged acked;
            try (var node = ChildHub.start(env)) {
                acked = loadUntilSignal(node, () -> {
                    try {
                        node.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            try (var restarted = ChildHub.start(env)) {
                assertTrue(acked.labels().size() >= ACKS_BEFORE_THE_SIGNAL);
                assertAllPresent(restarted.api(TestHub.SECRET_KEY), acked);
            }
            System.out.println("CrashSafetyTest " + store + " SIGKILL: " + acked.labels().size() + " writes acknowledged, all present after "
                    + "restart; " + acked.failures().get() + " requests failed or cut by the kill");
        }
    }

    @Test
    void a_sigterm_lets_in_flight_writes_finish_and_loses_none() throws Exception {
        try (var hub = TestHub.start(store)) {
            var env = hub.environment(Map.of("FEEDBACK_HUB_LOG_LEVEL", "WARN"));
            var exitCode = new AtomicInteger(-1);
            Acknowledged acked;
            try (var node = ChildHub.start(env)) {
                acked = loadUntilSignal(node, () -> {
                    try {
                        exitCode.set(node.terminate());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertEquals(143, exitCode.get(), "a graceful stop after SIGTERM exits 128+15\n" + node.output());
            }
            try (var restarted = ChildHub.start(env)) {
                assertAllPresent(restarted.api(TestHub.SECRET_KEY), acked);
            }
            System.out.println("CrashSafetyTest " + store + " SIGTERM: " + acked.labels().size() + " writes acknowledged, all present after "
                    + "restart; " + acked.failures().get() + " requests refused or cut while stopping; exit code " + exitCode.get());
        }
    }
}
