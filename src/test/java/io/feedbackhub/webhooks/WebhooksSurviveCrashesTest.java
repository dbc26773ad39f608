package io.feedbackhub.webhooks;

import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.Postgres;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox is durable: a server killed with SIGKILL right after acknowledging writes (while their receiver was
 * down, so none had been delivered) delivers every one of their events once it runs again on the same store.
 */
@ParameterizedClass
@EveryStore
class WebhooksSurviveCrashesTest {
    private static final int ACKS_BEFORE_THE_KILL = 200;

    @Parameter
    StoreKind store;

    @Test
    void every_write_acknowledged_before_a_sigkill_has_its_event_delivered_after_restart() throws Exception {
        var dataDir = Files.createTempDirectory("feedback-hub-crash");
        var databaseUrl = store == StoreKind.POSTGRES ? Postgres.createDatabase() : null;
        try (var receiver = Receiver.start()) {
            var env = environment(dataDir, databaseUrl);
            var agent = "agent-" + UUID.randomUUID();
            receiver.answerEvery(503);
            var acked = new ConcurrentHashMap<String, Boolean>();
            try (var node = ChildHub.start(env)) {
                var api = node.api(TestHub.SECRET_KEY);
                assertEquals(201, api.post("/v1/webhooks", """
                        {"url": "%s", "events": ["feedback.created"], "filter": {"agent_id": "%s"}}""".formatted(receiver.url(), agent)).status());
                var stop = new AtomicBoolean();
                try (var pool = Executors.newFixedThreadPool(8)) {
                    for (int w = 0; w < 8; w++) {
                        int writer = w;
                        pool.submit(() -> {
                            for (int i = 0; !stop.get(); i++) {
                                try {
                                    var r = api.post("/v1/feedback", """
                                            {"agent_id": "%s", "message_id": "crash-%d-%d", "label": "thumbs_up"}""".formatted(agent, writer, i));
                                    if (r.status() == 201) {
                                        acked.put(r.json().get("id").asText(), true);
                                    }
                                } catch (RuntimeException connectionLost) {
                                    return;
                                }
                            }
                        });
                    }
                    eventually(Duration.ofSeconds(120), ACKS_BEFORE_THE_KILL + " acknowledged writes", () -> acked.size() >= ACKS_BEFORE_THE_KILL);
                    node.kill();
                    stop.set(true);
                    pool.shutdown();
                    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
                }
            }
            assertTrue(receiver.accepted().isEmpty(), "the receiver accepted nothing before the kill");

            receiver.answerEvery(200);
            try (var restarted = ChildHub.start(env)) {
                // rows the killed node had claimed come back when their lease (timeout 2 s + 15 s) ends
                eventually(Duration.ofSeconds(90), "every acknowledged write's event delivered", () -> delivered(receiver).containsAll(acked.keySet()));
            }
            var missing = new ArrayList<>(acked.keySet());
            missing.removeAll(delivered(receiver));
            assertEquals(List.of(), missing);
        } finally {
            if (databaseUrl != null) {
                Postgres.dropDatabase(databaseUrl);
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Set<String> delivered(Receiver receiver) {
        return receiver.accepted().stream().map(Receiver.Received::subject).collect(Collectors.toSet());
    }

    private static Map<String, String> environment(Path dataDir, String databaseUrl) {
        var env = new HashMap<String, String>();
        env.put("FEEDBACK_HUB_PORT", "0");
        env.put("FEEDBACK_HUB_HOST", "127.0.0.1");
        env.put("FEEDBACK_HUB_DATA_DIR", dataDir.toString());
        env.put("FEEDBACK_HUB_INIT_ADMIN_KEY", TestHub.ADMIN_KEY);
        env.put("FEEDBACK_HUB_INIT_SECRET_KEY", TestHub.SECRET_KEY);
        env.put("FEEDBACK_HUB_RATE_LIMIT_PER_SECOND", "0");
        env.put("FEEDBACK_HUB_LOG_LEVEL", "WARN");
        env.put("FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE", "true");
        env.put("FEEDBACK_HUB_WEBHOOK_TIMEOUT", "2s");
        // enough retries, 1 s apart, to outlast the kill and the restart
        env.put("FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS", String.join(",", java.util.Collections.nCopies(20, "1s")));
        if (databaseUrl != null) {
            env.put("FEEDBACK_HUB_DATABASE_URL", databaseUrl);
        }
        return env;
    }
}
