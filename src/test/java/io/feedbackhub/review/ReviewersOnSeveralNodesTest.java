package io.feedbackhub.review;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixteen reviewers on three nodes (this process and two child processes) on one PostgreSQL database drain a queue of
 * items wanting two reviews each: every item ends with exactly two reviews by two different reviewers, and no claim
 * ever handed out a slot that was not free. The normal suite drains 300 items (about a minute on a busy two-core
 * machine); {@code -Dreview.race.items=1000} runs the 1,000 (four and a half minutes there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewersOnSeveralNodesTest {
    static final int ITEMS = Integer.getInteger("review.race.items", 300);
    static final int REVIEWERS = 16;
    static final int PER_ITEM = 2;

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
    void sixteen_reviewers_on_three_nodes_review_every_item_exactly_n_times() throws Exception {
        var queue = hub.api.post("/v1/review-queues",
                "{\"name\": \"race\", \"form\": [\"verdict\"], \"reviewers_per_item\": " + PER_ITEM + "}").json().get("id").asText();
        for (int batch = 0; batch < ITEMS; batch += 500) {
            var body = new StringBuilder("{\"items\": [");
            for (int i = batch; i < Math.min(ITEMS, batch + 500); i++) {
                body.append(i == batch ? "" : ",").append("{\"message_id\": \"race-").append(i).append('-').append(UUID.randomUUID()).append("\"}");
            }
            assertEquals(201, hub.api.post("/v1/review-queues/" + queue + "/items", body.append("]}").toString()).status());
        }

        var reviewers = new ArrayList<Callable<Map<String, Integer>>>();
        for (int r = 0; r < REVIEWERS; r++) {
            var reviewer = "reviewer-" + r;
            var node = nodes.get(r % nodes.size());
            reviewers.add(() -> drain(node, queue, reviewer));
        }
        var reviewsPerItem = new HashMap<String, Set<String>>();
        try (var pool = Executors.newFixedThreadPool(REVIEWERS)) {
            int r = 0;
            for (var future : pool.invokeAll(reviewers)) {
                var reviewer = "reviewer-" + r++;
                for (var claimed : future.get().entrySet()) {
                    var item = claimed.getKey();
                    assertEquals(1, claimed.getValue(), reviewer + " reviewed " + item + " more than once");
                    assertTrue(reviewsPerItem.computeIfAbsent(item, k -> new HashSet<>()).add(reviewer), reviewer + " got " + item + " twice");
                }
            }
        }

        assertEquals(ITEMS, reviewsPerItem.size());
        reviewsPerItem.forEach((item, who) -> assertEquals(PER_ITEM, who.size(), item + " reviewed by " + who));
        var progress = hub.api.get("/v1/review-queues/" + queue).json().get("progress");
        assertEquals(ITEMS, progress.get("done_items").asInt(), progress.toString());
        assertEquals(ITEMS * PER_ITEM, progress.get("reviews").asInt(), progress.toString());
        assertEquals(0, progress.get("leased").asInt());
        int stored = 0;
        var page = hub.api.get("/v1/feedback?source=reviewer&name=verdict&limit=1000").json();
        while (true) {
            stored += page.get("items").size();
            if (page.get("next_cursor") == null || page.get("next_cursor").isNull()) {
                break;
            }
            page = hub.api.get("/v1/feedback?source=reviewer&name=verdict&limit=1000&cursor=" + page.get("next_cursor").asText()).json();
        }
        assertEquals(ITEMS * PER_ITEM, stored, "one feedback record per review");
    }

    /** Claims and reviews until nothing needs this reviewer; the items reviewed, each with its claim count. */
    private static Map<String, Integer> drain(Api node, String queue, String reviewer) {
        var reviewed = new HashMap<String, Integer>();
        while (true) {
            var claim = node.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
            if (claim.status() == 204) {
                return reviewed;
            }
            assertEquals(200, claim.status(), claim.body());
            var item = claim.json().get("item").get("id").asText();
            var review = node.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                    "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"verdict\", \"label\": \""
                            + (item.hashCode() % 2 == 0 ? "right" : "wrong") + "\"}]}");
            assertEquals(201, review.status(), review.body());
            reviewed.merge(item, 1, Integer::sum);
        }
    }
}
