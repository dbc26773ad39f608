package io.feedbackhub.webhooks;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static io.feedbackhub.webhooks.WebhooksTest.WAIT;
import static io.feedbackhub.webhooks.Receiver.eventually;
import static io.feedbackhub.webhooks.WebhooksTest.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A review queue's item done and resolved reach the endpoints subscribed to review.completed and review_item.resolved. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewEventsTest {
    TestHub hub;
    Api api;

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE, Map.of("FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE", "true",
                "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS", "200ms,200ms,200ms,200ms,200ms", "FEEDBACK_HUB_WEBHOOK_TIMEOUT", "5s"));
        api = hub.api;
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    @Test
    void an_item_done_and_then_resolved_makes_one_event_each() {
        try (var receiver = Receiver.start()) {
            subscribe(api, receiver, "[\"review.completed\", \"review_item.resolved\"]", "null");
            var queue = api.post("/v1/review-queues", """
                    {"name": "events", "form": ["helpfulness"], "reviewers_per_item": 2, "adjudicate": true}""").json().get("id").asText();
            var item = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"m-events\"}]}")
                    .json().get("items").get(0).get("id").asText();
            for (var reviewer : List.of("alice", "bob")) {
                api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
                var review = api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                        "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + reviewer + "-says\"}]}");
                assertEquals(201, review.status(), review.body());
            }
            assertEquals(200, api.post("/v1/review-queues/" + queue + "/items/" + item + "/resolution",
                    "{\"adjudicator_id\": \"carol\", \"name\": \"helpfulness\", \"label\": \"bob-says\"}").status());

            eventually(WAIT, "two events", () -> receiver.accepted().size() == 2);

            var byType = Map.of(receiver.accepted().get(0).type(), receiver.accepted().get(0).json(),
                    receiver.accepted().get(1).type(), receiver.accepted().get(1).json());
            var completed = byType.get("review.completed").get("data");
            assertEquals(queue, completed.get("queue_id").asText());
            assertEquals(item, completed.get("item").get("id").asText());
            assertEquals("m-events", completed.get("item").get("message_id").asText());
            var resolved = byType.get("review_item.resolved").get("data").get("item").get("resolved");
            assertEquals("bob-says", resolved.get("label").asText());
            assertEquals("carol", resolved.get("by").asText());
        }
    }
}
