package io.feedbackhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One tenant's data written through every door (native feedback, batch, registry, config, key; Scale, Contextual,
 * VirtuousAI, Devic and Parea feedback; a Parea project), every free text carrying the tenant's {@link #marker},
 * and a snapshot of all of it read back through the native API.
 */
final class TenantData {
    final Ids ids;
    /** A string only this tenant's own texts contain: finding it in another tenant's answer is a leak. */
    final String marker;

    private TenantData(Ids ids, String marker) {
        this.ids = ids;
        this.marker = marker;
    }

    /** Writes the data set with a secret key and an admin key of one tenant. */
    static TenantData seed(Api secret, Api admin) {
        var marker = "private-to-the-owner-" + UUID.randomUUID();
        var ids = Ids.fresh();

        var webhook = ok(secret.post("/v1/webhooks", """
                {"url": "%s", "events": ["feedback.created"], "description": "%s"}""".formatted(EveryRoute.WEBHOOK_URL, marker)));
        var alert = ok(secret.post("/v1/alerts", """
                {"description": "%s", "filter": {"agent_id": "%s"}, "condition": "rate(thumbs_down) > 0.5"}""".formatted(marker, ids.get("agent"))));
        var reviewQueue = ok(secret.post("/v1/review-queues", """
                {"name": "%s", "form": ["helpfulness"], "instructions": "%s", "adjudicate": true}""".formatted(marker, marker)));
        var reviewItem = ok(secret.post("/v1/review-queues/" + reviewQueue.get("id").asText() + "/items", """
                {"items": [{"message_id": "%s"}]}""".formatted(ids.get("message")))).get("items").get(0);
        var reviewFilter = ok(secret.post("/v1/review-queues/" + reviewQueue.get("id").asText() + "/filters", """
                {"feedback": {"name": "%s"}}""".formatted(marker))).get("filter");
        ok(secret.put("/v1/agents/" + ids.get("agent"), """
                {"name": "%s agent", "description": "%s", "metadata": {"team": "%s"}}""".formatted(marker, marker, marker)));
        ok(secret.put("/v1/threads/" + ids.get("thread"), """
                {"agent_id": "%s", "title": "%s"}""".formatted(ids.get("agent"), marker)));
        ok(secret.put("/v1/messages/" + ids.get("message"), """
                {"thread_id": "%s", "role": "assistant", "prompt": "%s", "content": "%s", "model": "m-1"}"""
                .formatted(ids.get("thread"), marker, marker)));
        ok(secret.put("/v1/contents/" + ids.get("content"), """
                {"title": "%s", "source_url": "https://kb.example.com/%s", "metadata": {"team": "%s"}}""".formatted(marker, marker, marker)));
        ok(secret.put("/v1/feedback-configs/" + ids.get("config"), """
                {"type": "numeric", "min": 0, "max": 10, "description": "%s"}""".formatted(marker)));
        var feedback = ok(secret.post("/v1/feedback", """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "%s", "client_feedback_id": "%s",
                 "label": "thumbs_down", "comment": "%s", "reasons": ["wrong"], "correction": "%s", "data": {"note": "%s"},
                 "metadata": {"model": "%s"}}""".formatted(ids.get("agent"), ids.get("thread"), ids.get("message"), ids.get("author"),
                ids.get("clientFeedbackId"), marker, marker, marker, marker)));
        ok(secret.patch("/v1/feedback/" + feedback.get("id").asText(), "{\"comment\": \"" + marker + " (second thought)\"}"));
        ok(secret.post("/v1/feedback/batch", """
                {"items": [{"message_id": "%s", "name": "%s", "score": 7, "comment": "%s", "author_id": "%s"}]}"""
                .formatted(ids.get("message"), ids.get("config"), marker, ids.get("author"))));
        var key = ok(admin.post("/v1/keys", "{\"role\": \"secret\", \"name\": \"" + marker + "\"}"));

        ok(secret.put("/compat/scale/v4/threads/%s/messages/%s/feedback".formatted(ids.get("scaleThread"), ids.get("scaleMessage")), """
                {"chat_thread_id": "%s", "application_interaction_id": "%s", "sentiment": "negative", "description": "%s"}"""
                .formatted(ids.get("scaleThread"), ids.get("scaleMessage"), marker)));
        ok(secret.post("/compat/contextual/v1/agents/%s/feedback".formatted(ids.get("agent")), """
                {"message_id": "%s", "feedback": "thumbs_up", "explanation": "%s"}""".formatted(ids.get("contextualMessage"), marker)));
        var item = ok(secret.post("/compat/virtuous/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "reaction", "messageId": "%s", "threadId": "%s", "reaction": "thumbs_down", "comment": "%s"}"""
                .formatted(ids.get("virtuousClientId"), ids.get("virtuousMessage"), ids.get("thread"), marker)));
        ok(secret.put("/v1/threads/" + ids.get("devicChat"), "{\"agent_id\": \"" + ids.get("devicAssistant") + "\"}"));
        ok(secret.put("/v1/threads/" + ids.get("devicThread"), "{\"agent_id\": \"" + ids.get("devicAssistant") + "\"}"));
        ok(secret.post("/compat/devic/api/v1/assistants/%s/chats/%s/feedback".formatted(ids.get("devicAssistant"), ids.get("devicChat")), """
                {"messageId": "%s", "feedback": true, "feedbackComment": "%s"}""".formatted(ids.get("devicMessage"), marker)));
        ok(secret.post("/compat/devic/api/v1/agents/threads/%s/feedback".formatted(ids.get("devicThread")), """
                {"messageId": "%s", "feedback": false, "feedbackComment": "%s", "feedbackData": {"why": "%s"}}"""
                .formatted(ids.get("devicMessage"), marker, marker)));
        ok(secret.post("/compat/parea/api/parea/v1/project", "{\"name\": \"" + ids.get("project") + "\"}"));
        ok(secret.post("/compat/parea/api/parea/v1/feedback", """
                {"trace_id": "%s", "score": 0.75, "comment": "%s", "target": "%s"}""".formatted(ids.get("trace"), marker, marker)));

        var basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("pk-lf-any:" + secret.key()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ok(secret.post("/compat/langfuse/api/public/score-configs", """
                {"name": "%s", "dataType": "NUMERIC", "minValue": 0, "maxValue": 1, "description": "%s"}""".formatted(ids.get("lfConfig"), marker),
                "Authorization", basic));
        ok(secret.post("/compat/langfuse/api/public/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.5, "comment": "%s"}""".formatted(ids.get("lfScore"), ids.get("trace"), marker),
                "Authorization", basic));
        ok(secret.post("/compat/langsmith/feedback", """
                {"id": "%s", "run_id": "%s", "key": "rating", "score": 1, "comment": "%s"}""".formatted(ids.get("lsFeedback"), ids.get("lsRun"), marker)));
        var deliveries = ok(secret.get("/v1/webhooks/" + webhook.get("id").asText() + "/deliveries")).get("items");
        assertTrue(!deliveries.isEmpty(), "the writes after the webhook was created queued deliveries");

        return new TenantData(ids
                .with("webhook", webhook.get("id").asText())
                .with("delivery", deliveries.get(0).get("event_id").asText())
                .with("alert", alert.get("id").asText())
                .with("reviewQueue", reviewQueue.get("id").asText())
                .with("reviewItem", reviewItem.get("id").asText())
                .with("reviewFilter", reviewFilter.get("id").asText())
                .with("feedback", feedback.get("id").asText())
                .with("virtuousItem", item.get("id").asText())
                .with("key", key.get("id").asText()), marker);
    }

    /**
     * Everything the tenant holds, read through the native API: each live feedback with its history, agents,
     * threads, messages, configs, keys, stats over the test's range, and the JSONL export. Keyed by object
     * ("feedback:ID", "history:ID", "agent:ID", ...) so that a change names what changed.
     */
    static Map<String, String> snapshot(Api secret, Api admin) {
        var all = new TreeMap<String, String>();
        for (var f : items(secret, "/v1/feedback?limit=1000")) {
            var id = f.get("id").asText();
            all.put("feedback:" + id, f.toString());
            all.put("history:" + id, ok(secret.get("/v1/feedback/" + id + "/history")).toString());
        }
        items(secret, "/v1/agents?limit=1000").forEach(a -> all.put("agent:" + a.get("id").asText(), a.toString()));
        items(secret, "/v1/threads?limit=1000").forEach(t -> all.put("thread:" + t.get("id").asText(), t.toString()));
        items(secret, "/v1/messages?limit=1000").forEach(m -> all.put("message:" + m.get("id").asText(), m.toString()));
        items(secret, "/v1/feedback-configs").forEach(c -> all.put("config:" + c.get("name").asText(), c.toString()));
        items(admin, "/v1/keys").forEach(k -> all.put("key:" + k.get("id").asText(), k.toString()));
        // webhooks and alert rules without what their background work changes (deliveries, evaluations)
        items(secret, "/v1/webhooks").forEach(w -> all.put("webhook:" + w.get("id").asText(), stable(w, "url", "events", "filter",
                "description", "enabled", "created_at", "updated_at", "secret_rotated_at")));
        items(secret, "/v1/alerts").forEach(a -> all.put("alert:" + a.get("id").asText(), stable(a, "description", "filter", "window",
                "min_count", "condition", "compare", "enabled", "created_at", "updated_at")));
        all.put("stats", ok(secret.get("/v1/stats?group_by=label&" + EveryRoute.RANGE)).toString());
        var export = secret.get("/v1/export?format=jsonl");
        assertEquals(200, export.status(), export.body());
        all.put("export", export.body());
        return all;
    }

    private static String stable(JsonNode object, String... fields) {
        var kept = Api.JSON.createObjectNode();
        for (var f : fields) {
            kept.set(f, object.get(f));
        }
        return kept.toString();
    }

    private static List<JsonNode> items(Api api, String path) {
        var items = new ArrayList<JsonNode>();
        ok(api.get(path)).get("items").forEach(items::add);
        return items;
    }

    static JsonNode ok(Api.Response r) {
        assertTrue(r.status() / 100 == 2, "seeding failed: " + r);
        return r.body().isEmpty() ? null : r.json();
    }
}
