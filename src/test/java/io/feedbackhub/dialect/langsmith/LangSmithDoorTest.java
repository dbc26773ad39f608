package io.feedbackhub.dialect.langsmith;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LangSmith door over raw HTTP, for what the SDK run does not show: FastAPI's error shapes, id reuse,
 * presigned tokens that expire or die with their key, tenant isolation and paging.
 */
@HubTest
class LangSmithDoorTest {
    static final String BASE = "/compat/langsmith";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    Api.Response post(String path, String body) {
        return api.post(BASE + path, body, "x-api-key", api.key());
    }

    static String feedback(String id, String run, String key, double score) {
        return """
                {"id": "%s", "run_id": "%s", "key": "%s", "score": %s, "feedback_source": {"type": "api", "metadata": {}}}"""
                .formatted(id, run, key, score);
    }

    @Test
    void a_token_list_with_one_bad_item_mints_nothing_and_absurd_lifetimes_are_a_422() {
        var run = UUID.randomUUID().toString();
        long before = tokensStored();
        var mixed = post("/feedback/tokens", """
                [{"run_id": "%s", "feedback_key": "helpfulness"}, {"run_id": "%s"}]""".formatted(run, run));
        var absurd = post("/feedback/tokens", """
                {"run_id": "%s", "feedback_key": "helpfulness", "expires_in": {"days": 200000000000000}}""".formatted(run));

        assertEquals(422, mixed.status(), mixed.toString());
        assertEquals(422, absurd.status(), absurd.toString());
        assertEquals(before, tokensStored(), "nothing was minted for a refused request");
    }

    private long tokensStored() {
        return hub.hub().database().read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM langsmith_feedback_tokens")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void an_invalid_create_is_refused_with_422_and_every_field_in_detail() {
        var refused = post("/feedback", """
                {"id": "not-a-uuid", "score": "high", "run_id": 7}""");

        assertEquals(422, refused.status(), refused.toString());
        var locs = refused.json().get("detail").findValues("loc").stream().map(Object::toString).toList();
        assertTrue(locs.containsAll(List.of("[\"body\",\"id\"]", "[\"body\",\"key\"]", "[\"body\",\"run_id\"]", "[\"body\",\"score\"]")),
                locs.toString());
    }

    @Test
    void reusing_an_id_for_other_values_is_a_409_conflict() {
        var id = UUID.randomUUID().toString();
        var run = UUID.randomUUID().toString();
        assertEquals(200, post("/feedback", feedback(id, run, "quality", 0.5)).status());

        var conflict = post("/feedback", feedback(id, run, "quality", 0.9));

        assertEquals(409, conflict.status(), conflict.toString());
        assertTrue(conflict.json().get("detail").isTextual());
    }

    @Test
    void a_feedback_id_that_is_not_a_uuid_is_a_422_on_the_path() {
        var refused = api.get(BASE + "/feedback/abc", "x-api-key", api.key());

        assertEquals(422, refused.status());
        assertEquals("[\"path\",\"feedback_id\"]", refused.json().get("detail").get(0).get("loc").toString());
    }

    @Test
    void another_tenant_cannot_read_patch_or_delete_feedback() {
        var id = UUID.randomUUID().toString();
        post("/feedback", feedback(id, UUID.randomUUID().toString(), "quality", 0.5));
        var other = hub.otherTenant().key();

        assertEquals(404, api.get(BASE + "/feedback/" + id, "x-api-key", other).status());
        assertEquals(404, api.patch(BASE + "/feedback/" + id, "{\"score\": 0}", "x-api-key", other).status());
        assertEquals(404, api.delete(BASE + "/feedback/" + id, "x-api-key", other).status());
        assertEquals(0.5, api.get(BASE + "/feedback/" + id, "x-api-key", api.key()).json().get("score").asDouble());
    }

    @Test
    void the_listing_pages_by_offset_and_limit() {
        var run = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            post("/feedback", feedback(UUID.randomUUID().toString(), run, "k" + i, i));
        }

        var first = api.get(BASE + "/feedback?run=" + run + "&limit=2&offset=0", "x-api-key", api.key()).json();
        var last = api.get(BASE + "/feedback?run=" + run + "&limit=2&offset=4", "x-api-key", api.key()).json();

        assertEquals(List.of("k4", "k3"), first.findValuesAsText("key"));
        assertEquals(List.of("k0"), last.findValuesAsText("key"));
    }

    @Test
    void an_expired_token_records_nothing() {
        var run = UUID.randomUUID().toString();
        var token = post("/feedback/tokens", """
                {"run_id": "%s", "feedback_key": "rating", "expires_at": "%s"}"""
                .formatted(run, Instant.now().plus(1, ChronoUnit.SECONDS))).json();
        var url = token.get("url").asText();
        var path = url.substring(url.indexOf(BASE));
        Instant deadline = Instant.parse(token.get("expires_at").asText());
        while (!Instant.now().isAfter(deadline)) {
            sleepBriefly(); // polls for the condition "the token's expiry has passed"
        }

        var refused = api.get(path + "?score=1", "no-auth", "1");

        assertEquals(403, refused.status(), refused.toString());
        assertEquals(0, hub.api.get("/v1/feedback?message_id=" + run).json().get("items").size());
    }

    @Test
    void a_token_dies_with_the_key_that_created_it_and_unknown_tokens_are_404() {
        var key = hub.issueKey(io.feedbackhub.auth.Role.SECRET, List.of());
        var run = UUID.randomUUID().toString();
        var token = api.post(BASE + "/feedback/tokens", """
                {"run_id": "%s", "feedback_key": "rating"}""".formatted(run), "x-api-key", key).json();
        var path = token.get("url").asText().substring(token.get("url").asText().indexOf(BASE));
        assertEquals(200, api.get(path + "?score=1", "no-auth", "1").status());

        var keyId = hub.hub().keys().list(hub.defaultTenantId()).stream()
                .filter(k -> key.startsWith(k.prefix()) && k.revokedAt() == null && k.role() == io.feedbackhub.auth.Role.SECRET)
                .reduce((a, b) -> b).orElseThrow().id();
        hub.hub().keys().revoke(hub.defaultTenantId(), keyId);

        assertEquals(404, api.get(path + "?score=0", "no-auth", "1").status());
        assertEquals(404, api.get(BASE + "/feedback/tokens/" + UUID.randomUUID() + "?score=1", "no-auth", "1").status());
    }

    @Test
    void a_token_holder_submits_as_its_own_author_and_never_overwrites_the_backends_feedback() {
        var run = UUID.randomUUID().toString();
        var backends = post("/feedback", """
                {"run_id": "%s", "key": "correctness", "score": 1, "comment": "checked by the backend"}""".formatted(run));
        assertEquals(200, backends.status(), backends.body());
        var token = post("/feedback/tokens", "{\"run_id\": \"%s\", \"feedback_key\": \"correctness\"}".formatted(run)).json();
        var path = token.get("url").asText().substring(token.get("url").asText().indexOf(BASE));

        var first = api.get(path + "?score=0&comment=wrong", "no-auth", "1");
        var second = api.post(path, "{\"score\": 0.5}", "no-auth", "1");
        // a holder naming a user gets a judgment of that user's inside the token's, still not the backend's
        var named = api.post(path, "{\"score\": 0.25, \"metadata\": {\"user_id\": \"user-9\"}}", "no-auth", "1");

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        assertEquals(200, named.status(), named.body());
        var stored = hub.api.get("/v1/feedback?message_id=" + run).json().get("items");
        assertEquals(3, stored.size(), stored.toString());
        var byBackend = hub.api.get("/v1/feedback?message_id=" + run + "&source=api").json().get("items").get(0);
        assertEquals(1.0, byBackend.get("score").asDouble(), "the backend's feedback is as it gave it: " + stored);
        assertEquals("checked by the backend", byBackend.get("comment").asText());
        assertEquals(1, byBackend.get("revision").asInt());
        var byHolders = hub.api.get("/v1/feedback?message_id=" + run + "&source=user").json().get("items");
        var holder = java.util.stream.StreamSupport.stream(byHolders.spliterator(), false)
                .filter(f -> !f.get("author_id").asText().endsWith(":user-9")).findFirst().orElseThrow();
        var user9 = java.util.stream.StreamSupport.stream(byHolders.spliterator(), false)
                .filter(f -> f.get("author_id").asText().endsWith(":user-9")).findFirst().orElseThrow();
        assertTrue(holder.get("author_id").asText().startsWith("langsmith-token:"), holder.toString());
        assertEquals(holder.get("author_id").asText() + ":user-9", user9.get("author_id").asText());
        assertTrue(!holder.get("author_id").asText().contains(path.substring(path.lastIndexOf('/') + 1)),
                "the author is not the token, a credential: " + holder);
        assertEquals(0.5, holder.get("score").asDouble(), "the holder's second submission changed its own: " + holder);
        assertEquals(2, holder.get("revision").asInt());
        assertEquals(0.25, user9.get("score").asDouble());
    }

    @Test
    void an_end_user_token_gives_feedback_as_its_author() {
        var run = UUID.randomUUID().toString();
        var token = api.post("/v1/tokens", "{\"author_id\": \"user-8841\", \"message_id\": \"%s\"}".formatted(run)).json().get("token").asText();

        var given = api.post(BASE + "/feedback", "{\"run_id\": \"%s\", \"key\": \"thumbs\", \"score\": 1}".formatted(run),
                "x-api-key", token);
        var asAnother = api.post(BASE + "/feedback", """
                {"run_id": "%s", "key": "thumbs", "score": 0, "feedback_source": {"type": "app", "metadata": {"user_id": "other"}}}"""
                .formatted(run), "x-api-key", token);

        assertEquals(200, given.status(), given.body());
        assertEquals("user-8841", given.json().get("feedback_source").get("user_id").asText(), given.body());
        assertEquals(403, asAnother.status(), asAnother.body());
        var stored = hub.api.get("/v1/feedback?message_id=" + run).json().get("items");
        assertEquals(1, stored.size(), stored.toString());
        assertEquals("user-8841", stored.get(0).get("author_id").asText());
    }

    @Test
    void a_token_url_starts_with_the_configured_public_url_whatever_the_host_header_says() throws Exception {
        try (var configured = TestHub.start(hub.kind(), java.util.Map.of("FEEDBACK_HUB_PUBLIC_URL", "https://feedback.example.com/"))) {
            var body = "{\"run_id\": \"%s\", \"feedback_key\": \"rating\"}".formatted(UUID.randomUUID());
            var answer = rawPost(configured.port(), "evil.example", BASE + "/feedback/tokens", body, TestHub.SECRET_KEY);
            var viaDefault = hub.api.post(BASE + "/feedback/tokens", body, "x-api-key", api.key());

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"url\":\"https://feedback.example.com" + BASE + "/feedback/tokens/"), answer);
            assertTrue(!answer.contains("evil.example"), answer);
            assertTrue(viaDefault.json().get("url").asText().startsWith("http://localhost:" + hub.port() + BASE + "/feedback/tokens/"),
                    "unset, it is this node on localhost: " + viaDefault.body());
        }
    }

    /** java.net.http will not send a Host header of the caller's choosing; a socket will. */
    static String rawPost(int port, String host, String path, String body, String key) throws java.io.IOException {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var request = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nx-api-key: " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void info_tells_the_sdk_to_send_feedback_as_plain_json() {
        var info = api.get(BASE + "/info", "no-auth", "1").json();

        assertEquals(false, info.get("batch_ingest_config").get("use_multipart_endpoint").asBoolean());
    }
}
