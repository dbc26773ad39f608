package io.feedbackhub.webhooks;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.NeedsPostgres;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.feedbackhub.webhooks.Receiver.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two server processes and an in-test node on one PostgreSQL database, all three dispatching: every event is
 * delivered once per endpoint, by one node, never twice.
 */
@NeedsPostgres
class WebhooksOnSeveralNodesTest {
    private static final int WRITES = 300;

    @Test
    void each_event_is_delivered_once_although_every_node_dispatches() throws Exception {
        var environment = Map.of("FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE", "true", "FEEDBACK_HUB_LOG_LEVEL", "WARN");
        try (var receiver = Receiver.start();
             var hub = TestHub.start(StoreKind.POSTGRES, environment);
             var second = ChildHub.start(hub.environment(environment));
             var third = ChildHub.start(hub.environment(environment))) {
            // a receiver taking a while keeps many deliveries in flight on every node at once
            receiver.delay(Duration.ofMillis(20));
            var agent = "agent-" + UUID.randomUUID();
            var endpoint = hub.api.post("/v1/webhooks", """
                    {"url": "%s", "events": ["feedback.created"], "filter": {"agent_id": "%s"}}""".formatted(receiver.url(), agent))
                    .json().get("id").asText();
            var nodes = List.of(hub.api, second.api(TestHub.SECRET_KEY), third.api(TestHub.SECRET_KEY));

            var calls = new ArrayList<Callable<Api.Response>>();
            for (int i = 0; i < WRITES; i++) {
                var node = nodes.get(i % nodes.size());
                var body = """
                        {"agent_id": "%s", "message_id": "m-%d", "label": "thumbs_up"}""".formatted(agent, i);
                calls.add(() -> node.post("/v1/feedback", body));
            }
            try (var pool = Executors.newFixedThreadPool(24)) {
                for (var f : pool.invokeAll(calls)) {
                    assertEquals(201, f.get().status(), f.get().body());
                }
            }

            eventually(Duration.ofSeconds(60), "every event accepted", () -> receiver.accepted().stream().map(Receiver.Received::id).distinct().count() == WRITES);
            eventually(Duration.ofSeconds(60), "every outcome recorded", () -> hub.api.get("/v1/webhooks/" + endpoint).json().get("pending_deliveries").asInt() == 0);

            var perEvent = receiver.received().stream().collect(Collectors.groupingBy(Receiver.Received::id, Collectors.counting()));
            var twice = perEvent.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            assertEquals(List.of(), twice, "events delivered more than once");
            assertEquals(WRITES, perEvent.size());
            var subjects = receiver.accepted().stream().map(Receiver.Received::subject).distinct().count();
            assertEquals(WRITES, subjects, "one event per feedback");
        }
    }
}
