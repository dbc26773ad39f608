package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stats follow every kind of write at once (they read rollups kept in the write's own transaction): create,
 * a second write to the same slot, patch, delete, undo through a dialect, purge. And after a long random mix of
 * writes the consistency check finds the rollups equal to a recount of the rows.
 */
@HubTest
class StatsFollowEveryWriteTest {
    static final String CONTEXTUAL = "/compat/contextual/v1/agents/%s/feedback";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** total, positive, negative, scored, score sum, commented, and the top reasons of one agent. */
    String figures(String agent) {
        var response = api.get("/v1/stats?agent_id=" + agent);
        assertEquals(200, response.status(), response.body());
        JsonNode o = response.json().get("overall");
        return "total=%d up=%d down=%d scored=%d mean=%s commented=%d reasons=%s".formatted(o.get("total").asInt(),
                o.get("positive_rate").get("positive").asInt(), o.get("positive_rate").get("negative").asInt(),
                o.get("score").get("count").asInt(), o.get("score").get("mean").isNull() ? "-" : String.format("%.3f", o.get("score").get("mean").asDouble()),
                o.get("comments").get("count").asInt(), o.get("top_reasons"));
    }

    @Test
    void every_kind_of_write_moves_the_stats_at_once() {
        var agent = unique("agent");
        var message = unique("m");

        var created = Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "u-1", "label": "thumbs_up", "reasons": ["fast"]}""".formatted(agent, message));
        assertEquals("total=1 up=1 down=0 scored=1 mean=1.000 commented=0 reasons=[{\"reason\":\"fast\",\"count\":1}]", figures(agent), "create");

        Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "u-1", "label": "thumbs_down", "reasons": ["wrong"], "comment": "no"}""".formatted(agent, message));
        assertEquals("total=1 up=0 down=1 scored=1 mean=0.000 commented=1 reasons=[{\"reason\":\"wrong\",\"count\":1}]", figures(agent),
                "a second write to the slot: the old value leaves, the new one enters");

        var id = created.get("id").asText();
        assertEquals(200, api.patch("/v1/feedback/" + id, """
                {"score": 0.5, "comment": null, "reasons": ["wrong", "slow"]}""").status());
        assertEquals("total=1 up=0 down=1 scored=1 mean=0.500 commented=0 reasons=[{\"reason\":\"slow\",\"count\":1},{\"reason\":\"wrong\",\"count\":1}]",
                figures(agent), "patch");

        Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "u-2", "label": "thumbs_up"}""".formatted(agent, unique("m")));
        assertEquals(204, api.delete("/v1/feedback/" + id).status());
        assertEquals("total=1 up=1 down=0 scored=1 mean=1.000 commented=0 reasons=[]", figures(agent), "delete");

        assertEquals(200, api.post("/v1/authors/u-2/purge", null).status());
        assertEquals("total=0 up=0 down=0 scored=0 mean=- commented=0 reasons=[]", figures(agent), "purge");
    }

    @Test
    void writes_and_undos_through_a_dialect_count_like_native_ones() {
        var agent = UUID.randomUUID().toString();
        var message = UUID.randomUUID().toString();

        var given = api.post(CONTEXTUAL.formatted(agent), """
                {"message_id": "%s", "feedback": "thumbs_down", "explanation": "outdated answer"}""".formatted(message));
        assertEquals(200, given.status(), given.body());
        assertEquals("total=1 up=0 down=1 scored=1 mean=0.000 commented=1 reasons=[]", figures(agent), "Contextual thumbs down");

        assertEquals(200, api.post(CONTEXTUAL.formatted(agent), """
                {"message_id": "%s", "feedback": "flagged"}""".formatted(message)).status());
        assertEquals("total=1 up=0 down=1 scored=0 mean=- commented=0 reasons=[]", figures(agent), "changed to flagged: negative, no score");

        assertEquals(200, api.post(CONTEXTUAL.formatted(agent), """
                {"message_id": "%s", "feedback": "removed"}""".formatted(message)).status());
        assertEquals("total=0 up=0 down=0 scored=0 mean=- commented=0 reasons=[]", figures(agent), "removed");
    }

    @Test
    void after_hundreds_of_random_writes_the_rollups_equal_a_recount_and_the_stats_equal_the_listing() {
        var random = new Random(4_2026_11_23L);
        var agents = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        var labels = List.of("thumbs_up", "thumbs_down", "flagged", "positive", "helpful");
        var reasons = List.of("slow", "wrong", "rude", "great");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 400; i++) {
            int op = random.nextInt(20);
            var agent = agents.get(random.nextInt(2));
            var message = "00000000-0000-4000-8000-0000000000" + (10 + random.nextInt(40)); // few messages: many slot updates
            if (op < 9) {
                var body = """
                        {"agent_id": "%s", "message_id": "%s", "author_id": "u-%d", "label": "%s", "score": %s, "reasons": %s,
                         "comment": %s, "content_id": %s, "correction": %s, "source_surface": "%s",
                         "metadata": {"prompt_version": "v%d"}}""".formatted(agent, message, random.nextInt(4),
                        labels.get(random.nextInt(labels.size())), random.nextInt(3) == 0 ? String.valueOf(random.nextInt(11) / 10.0) : "null",
                        random.nextBoolean() ? "[]" : "[\"" + reasons.get(random.nextInt(4)) + "\", \"" + reasons.get(random.nextInt(4)) + "\"]",
                        random.nextBoolean() ? "\"because\"" : "null", random.nextInt(4) == 0 ? "\"chunk-" + random.nextInt(3) + "\"" : "null",
                        random.nextInt(6) == 0 ? "\"the right answer\"" : "null", random.nextBoolean() ? "web" : "mobile", random.nextInt(3));
                ids.add(Feedback.write(api, body).get("id").asText());
            } else if (op < 12) {
                var status = api.post(CONTEXTUAL.formatted(agent), """
                        {"message_id": "%s", "feedback": "%s"}""".formatted(message,
                        List.of("thumbs_up", "thumbs_down", "flagged", "removed").get(random.nextInt(4)))).status();
                assertEquals(200, status);
            } else if (op < 15 && !ids.isEmpty()) {
                api.patch("/v1/feedback/" + ids.get(random.nextInt(ids.size())), """
                        {"label": "%s", "reasons": ["%s"], "metadata": {"prompt_version": "v%d", "model": "m"}}""".formatted(
                        labels.get(random.nextInt(labels.size())), reasons.get(random.nextInt(4)), random.nextInt(3)));
            } else if (op < 17 && !ids.isEmpty()) {
                api.delete("/v1/feedback/" + ids.get(random.nextInt(ids.size())));
            } else if (op < 19) {
                var batch = new ArrayList<String>();
                for (int b = 0; b < 5; b++) {
                    batch.add("""
                            {"agent_id": "%s", "message_id": "%s", "author_id": "u-%d", "label": "%s"}""".formatted(
                            agent, "00000000-0000-4000-8000-0000000000" + (10 + random.nextInt(40)), random.nextInt(4),
                            labels.get(random.nextInt(labels.size()))));
                }
                Feedback.writeAll(api, batch);
            } else {
                assertEquals(200, api.post("/v1/authors/u-" + random.nextInt(4) + "/purge", null).status());
            }
        }

        var consistency = api.get("/v1/stats/consistency");

        assertEquals(200, consistency.status(), consistency.body());
        assertEquals("[]", consistency.json().get("mismatches").toString());
        assertTrue(consistency.json().get("consistent").asBoolean());
        for (var agent : agents) {
            var total = api.get("/v1/stats?agent_id=" + agent).json().get("overall").get("total").asInt();
            assertEquals(liveCount(agent), total, "stats total of agent " + agent + " against the listing");
        }
    }

    int liveCount(String agent) {
        int count = 0;
        String cursor = null;
        do {
            var page = api.get("/v1/feedback?limit=1000&agent_id=" + agent + (cursor == null ? "" : "&cursor=" + cursor)).json();
            count += page.get("items").size();
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return count;
    }
}
