package io.feedbackhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Re-attribution keeps every feedback's dimensions equal to own ∪ registry context, and the rollups equal to a recount,
 * after any mix of feedback writes and registry writes, sequential or concurrent (whatever the interleaving, the end
 * state is the same, so nothing here depends on timing).
 */
@HubTest
class ReattributionFollowsTheRegistryTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_random_mix_of_feedback_and_registry_writes_leaves_every_feedback_with_its_context_and_the_rollups_exact() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var random = new Random(20261202);
        var ownLocale = new HashMap<String, String>(); // feedback id -> its own metadata.locale, if any
        var ids = new ArrayList<String>();
        for (int i = 0; i < 300; i++) {
            int op = random.nextInt(10);
            var message = run + "-m" + random.nextInt(20);
            if (op < 4 || ids.isEmpty()) {
                var locale = random.nextBoolean() ? "l" + random.nextInt(2) : null;
                var r = api.post("/v1/feedback", """
                        {"message_id": "%s", "author_id": "u%d", "label": "%s", "reasons": ["r%d"], "metadata": %s}"""
                        .formatted(message, random.nextInt(3), random.nextBoolean() ? "thumbs_up" : "thumbs_down",
                                random.nextInt(3), locale == null ? "{}" : "{\"locale\": \"" + locale + "\"}"));
                assertEquals(true, r.status() == 200 || r.status() == 201, r.toString());
                var id = r.json().get("id").asText();
                ids.add(id);
                ownLocale.put(id, locale);
            } else if (op < 6) {
                api.put("/v1/threads/" + run + "-t" + random.nextInt(4), random.nextInt(4) == 0 ? "{}"
                        : "{\"agent_id\": \"" + run + "-a" + random.nextInt(3) + "\"}");
            } else if (op < 8) {
                api.put("/v1/messages/" + message, """
                        {"thread_id": "%s-t%d", "model": "gpt-%d", "metadata": {"prompt_version": "v%d", "locale": "registered"}}"""
                        .formatted(run, random.nextInt(4), random.nextInt(2), random.nextInt(3)));
            } else if (op < 9) {
                var id = ids.get(random.nextInt(ids.size()));
                var locale = "p" + random.nextInt(2);
                if (api.patch("/v1/feedback/" + id, "{\"metadata\": {\"locale\": \"" + locale + "\"}}").status() == 200) {
                    ownLocale.put(id, locale);
                }
            } else {
                api.delete("/v1/feedback/" + ids.get(random.nextInt(ids.size())));
            }
        }

        for (var f : allFeedback()) {
            var expected = expectedDimensions(f, ownLocale.get(f.get("id").asText()));
            assertEquals(expected, actualDimensions(f), f.toString());
        }
        assertEquals(List.of(), new JdbcRollupAudit(hub.hub().database()).mismatches(hub.defaultTenantId()));
    }

    @Test
    void votes_written_while_their_messages_and_threads_are_registered_all_end_with_the_registered_context() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        int messages = 30;
        var pool = Executors.newFixedThreadPool(6);
        try {
            var tasks = new ArrayList<Callable<Integer>>();
            for (int w = 0; w < 5; w++) {
                int writer = w;
                tasks.add(() -> {
                    for (int m = 0; m < messages; m++) {
                        var r = api.post("/v1/feedback", """
                                {"message_id": "%s-m%d", "author_id": "writer-%d", "label": "thumbs_up"}""".formatted(run, m, writer));
                        assertEquals(201, r.status(), r.toString());
                    }
                    return messages;
                });
            }
            tasks.add(() -> {
                for (int m = 0; m < messages; m++) {
                    api.put("/v1/threads/" + run + "-t" + (m % 3), "{\"agent_id\": \"" + run + "-a" + (m % 4) + "\"}");
                    api.put("/v1/messages/" + run + "-m" + m, """
                            {"thread_id": "%s-t%d", "metadata": {"prompt_version": "v%d"}}""".formatted(run, m % 3, m % 2));
                }
                return messages;
            });
            for (var done : pool.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        var all = allFeedback().stream().filter(f -> f.get("message_id").asText().startsWith(run)).toList();
        assertEquals(5 * messages, all.size());
        for (var f : all) {
            assertEquals(expectedDimensions(f, null), actualDimensions(f), f.toString());
        }
        assertEquals(List.of(), new JdbcRollupAudit(hub.hub().database()).mismatches(hub.defaultTenantId()));
    }

    /** Own ∪ context, computed from the registry as the API reads it: the message's thread, model, metadata, the thread's agent. */
    private Map<String, String> expectedDimensions(JsonNode f, String ownLocale) {
        var expected = new TreeMap<String, String>();
        var message = api.get("/v1/messages/" + f.get("message_id").asText());
        if (message.status() == 200) {
            var m = message.json();
            m.get("metadata").properties().forEach(e -> expected.put("metadata." + e.getKey(), e.getValue().asText()));
            if (!m.get("model").isNull()) {
                expected.put("metadata.model", m.get("model").asText());
            }
            if (!m.get("thread_id").isNull()) {
                expected.put("thread_id", m.get("thread_id").asText());
                var agent = api.get("/v1/threads/" + m.get("thread_id").asText()).json().get("agent_id");
                if (!agent.isNull()) {
                    expected.put("agent_id", agent.asText());
                }
            }
        }
        if (ownLocale != null) {
            expected.put("metadata.locale", ownLocale);
        }
        return expected;
    }

    private static Map<String, String> actualDimensions(JsonNode f) {
        var actual = new TreeMap<String, String>();
        f.get("metadata").properties().forEach(e -> actual.put("metadata." + e.getKey(), e.getValue().asText()));
        for (var field : List.of("thread_id", "agent_id")) {
            if (!f.get(field).isNull()) {
                actual.put(field, f.get(field).asText());
            }
        }
        return actual;
    }

    private List<JsonNode> allFeedback() {
        var all = new ArrayList<JsonNode>();
        String cursor = null;
        do {
            var page = api.get("/v1/feedback?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(all::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return all;
    }
}
