package io.feedbackhub.store;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The rollups equal a recount of the live rows after any mix of creates, slot updates, patches, deletes and purges. */
@HubTest
class RollupsFollowEveryWriteTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_random_mix_of_three_hundred_writes_leaves_the_rollups_equal_to_a_recount() {
        var random = new Random(20261123);
        var labels = List.of("thumbs_up", "thumbs_down", "flagged", "positive");
        var reasons = List.of("slow", "wrong", "rude", "great");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 300; i++) {
            int op = random.nextInt(10);
            if (op < 6 || ids.isEmpty()) {
                var score = random.nextBoolean() ? "null" : String.valueOf(random.nextInt(11) / 10.0);
                var label = random.nextInt(5) == 0 && !score.equals("null") ? "null" : "\"" + labels.get(random.nextInt(4)) + "\"";
                var body = """
                        {"agent_id": "agent-%d", "message_id": "m-%d", "author_id": "u-%d", "score": %s,
                         "label": %s, "reasons": ["%s", "%s"], "comment": %s, "content_id": %s, "correction": %s,
                         "metadata": {"prompt_version": "v%d", "model": "m%d"}}""".formatted(
                        random.nextInt(3), random.nextInt(40), random.nextInt(5),
                        score, label,
                        reasons.get(random.nextInt(4)), reasons.get(random.nextInt(4)),
                        random.nextBoolean() ? "\"because\"" : "null",
                        random.nextInt(4) == 0 ? "\"chunk-" + random.nextInt(3) + "\"" : "null",
                        random.nextInt(5) == 0 ? "\"the right answer\"" : "null",
                        random.nextInt(2), random.nextInt(2));
                var r = api.post("/v1/feedback", body);
                assertEquals(true, r.status() == 200 || r.status() == 201, r.toString());
                ids.add(r.json().get("id").asText());
            } else if (op < 8) {
                api.patch("/v1/feedback/" + ids.get(random.nextInt(ids.size())), """
                        {"label": "%s", "reasons": ["%s"], "metadata": {"prompt_version": "v%d"}}""".formatted(
                        labels.get(random.nextInt(4)), reasons.get(random.nextInt(4)), random.nextInt(3)));
            } else if (op < 9) {
                api.delete("/v1/feedback/" + ids.get(random.nextInt(ids.size())));
            } else {
                api.post("/v1/authors/u-" + random.nextInt(5) + "/purge", null);
            }
        }

        var mismatches = new JdbcRollupAudit(hub.hub().database()).mismatches(hub.defaultTenantId());

        assertEquals(List.of(), mismatches);
        assertFalse(ids.isEmpty());
    }
}
