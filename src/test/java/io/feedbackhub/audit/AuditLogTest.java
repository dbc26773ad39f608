package io.feedbackhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log: what it records, who and from where, its filters and pages, and that nobody can change it. */
@HubTest
class AuditLogTest {
    @Parameter
    TestHub hub;
    Api admin;
    Api secret;

    @BeforeParameterizedClassInvocation
    void start() {
        admin = hub.api.withKey(TestHub.ADMIN_KEY);
        secret = hub.api;
    }

    /** The newest entries matching {@code query} (no leading ?). */
    JsonNode entries(String query) {
        var page = admin.get("/v1/audit?" + query);
        assertEquals(200, page.status(), page.body());
        return page.json().get("items");
    }

    @Test
    void a_key_issued_and_revoked_is_recorded_with_who_what_and_from_where() {
        var issued = admin.post("/v1/keys", """
                {"role": "secret", "name": "%s"}""".formatted(unique("ci")), "User-Agent", "audit-test/1");
        assertEquals(201, issued.status(), issued.body());
        var keyId = issued.json().get("id").asText();
        assertEquals(204, admin.delete("/v1/keys/" + keyId, "User-Agent", "audit-test/1").status());

        var items = entries("target_id=" + keyId);
        assertEquals(1, items.size(), "the issue has no id in its path; the revoke does: " + items);
        var revoke = items.get(0);
        assertEquals("DELETE /v1/keys/{id}", revoke.get("action").asText());
        assertEquals(keyId, revoke.get("target").get("id").asText());
        assertEquals(204, revoke.get("status").asInt());
        assertEquals("key", revoke.get("actor").get("kind").asText());
        var adminKeyId = hub.hub().keys().list(hub.defaultTenantId()).stream()
                .filter(k -> TestHub.ADMIN_KEY.startsWith(k.prefix())).findFirst().orElseThrow().id();
        assertEquals(adminKeyId, revoke.get("actor").get("id").asText());
        assertEquals("audit-test/1", revoke.get("user_agent").asText());
        assertFalse(revoke.get("client_address").asText().isEmpty());

        var issues = entries("route=/v1/keys&method=post&actor_id=" + adminKeyId + "&limit=500");
        assertTrue(issues.size() >= 1, issues.toString());
        assertEquals("POST /v1/keys", issues.get(0).get("action").asText());
    }

    @Test
    void configs_webhooks_deletes_and_purges_are_recorded_and_feedback_writes_are_not() {
        var name = unique("helpful");
        assertEquals(200, secret.put("/v1/feedback-configs/" + name, """
                {"type": "numeric", "min": 0, "max": 5}""").status() / 100 * 100);
        var message = unique("m");
        var created = secret.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "%s", "name": "%s", "score": 3}""".formatted(message, unique("a"), name));
        assertEquals(201, created.status(), created.body());
        var feedbackId = created.json().get("id").asText();
        assertEquals(204, secret.delete("/v1/feedback/" + feedbackId).status());
        var author = unique("leaver");
        assertEquals(200, secret.post("/v1/authors/" + author + "/purge", "").status());

        assertEquals("PUT /v1/feedback-configs/{name}", entries("target_id=" + name).get(0).get("action").asText());
        assertEquals("DELETE /v1/feedback/{id}", entries("target_id=" + feedbackId).get(0).get("action").asText());
        assertEquals("POST /v1/authors/{author_id}/purge", entries("target_id=" + author).get(0).get("action").asText());
        assertEquals(0, entries("route=/v1/feedback&method=POST").size(), "feedback writes are traffic, not changes");
    }

    @Test
    void pages_go_back_in_time_without_repeating_or_skipping() {
        var names = new ArrayList<String>();
        for (int i = 0; i < 7; i++) {
            var name = unique("paged");
            names.add(name);
            assertEquals(2, secret.put("/v1/feedback-configs/" + name, """
                    {"type": "numeric", "min": 0, "max": 5}""").status() / 100);
        }
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = admin.get("/v1/audit?route=/v1/feedback-configs/%7Bname%7D&method=PUT&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(e -> seen.add(e.get("target_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry twice: " + seen);
        var ours = seen.stream().filter(names::contains).toList();
        assertEquals(names.reversed(), ours, "newest first, each once");
    }

    @Test
    void only_admin_keys_read_it_and_no_method_changes_it() {
        var refused = secret.get("/v1/audit");
        assertEquals(403, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type").split(";")[0]);
        var anyEntry = entries("limit=1").get(0).get("id").asText();
        for (var method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (var path : List.of("/v1/audit", "/v1/audit/" + anyEntry)) {
                var attempt = admin.send(method, path, method.equals("DELETE") ? null : "{}");
                assertTrue(attempt.status() == 404 || attempt.status() == 405, method + " " + path + " -> " + attempt);
            }
        }
        assertEquals(anyEntry, entries("limit=1&until=2999-01-01T00:00:00Z").get(0).get("id").asText(), "still there");
    }

    @Test
    void bad_filters_are_named_in_the_problem() {
        var bad = admin.get("/v1/audit?since=yesterday&limit=0&colour=red");
        assertEquals(422, bad.status(), bad.body());
        var fields = new HashSet<String>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(java.util.Set.of("since", "limit", "colour"), fields, bad.body());
        var backwards = admin.get("/v1/audit?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z");
        assertEquals(422, backwards.status(), backwards.body());
        assertEquals(400, admin.get("/v1/audit?cursor=not-ours").status());
    }

    @Test
    void retention_removes_entries_older_than_it_and_keeps_newer_ones() {
        var store = new io.feedbackhub.store.JdbcAuditStore(hub.hub().database());
        var now = java.time.Instant.now();
        var old = entry(now.minus(java.time.Duration.ofDays(500)));
        var recent = entry(now.minus(java.time.Duration.ofDays(10)));
        store.append(old);
        store.append(recent);
        var trail = new AuditTrail(store, java.time.Clock.systemUTC(), java.time.Duration.ofDays(400));
        assertTrue(trail.sweep() >= 1);
        var left = entries("target_id=" + old.targetId() + "&limit=500");
        assertEquals(0, left.size(), left.toString());
        assertNotEquals(0, entries("target_id=" + recent.targetId()).size());
    }

    private AuditEntry entry(java.time.Instant at) {
        return new AuditEntry(io.feedbackhub.core.Ids.newId(), hub.defaultTenantId(), at, "key", "k1", "/v1", "DELETE",
                "/v1/alerts/{id}", java.util.Map.of("id", unique("alert")), 204, "127.0.0.1", null);
    }
}
