package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys and roles: who may do what, keys stored only as hashes, revocation effective at once. */
@HubTest
class KeysAndAccessTest {
    @Parameter
    TestHub hub;
    Api api;
    Api admin;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
        admin = api.withKey(TestHub.ADMIN_KEY);
    }

    @Test
    void a_request_without_a_valid_key_is_unauthorized_in_problem_json() {
        var none = api.withKey(null).get("/v1/feedback");
        var wrong = api.withKey("fh_secret_not-a-real-key-at-all").get("/v1/feedback");

        assertEquals(401, none.status());
        assertEquals("application/problem+json", none.header("Content-Type"));
        assertEquals(401, wrong.status());
        assertEquals("Unauthorized", wrong.json().get("title").asText());
    }

    @Test
    void the_key_may_come_as_bearer_or_as_x_api_key() {
        assertEquals(200, api.get("/v1/feedback", "X-API-Key", TestHub.SECRET_KEY).status());
        assertEquals(200, api.get("/v1/feedback", "Authorization", "Bearer " + TestHub.SECRET_KEY).status());
    }

    @Test
    void an_admin_issues_lists_and_revokes_keys_and_a_revoked_key_fails_at_once() {
        var issued = admin.post("/v1/keys", """
                {"role": "secret", "name": "ci"}""");
        assertEquals(201, issued.status(), issued.body());
        var secret = issued.json().get("secret").asText();
        var id = issued.json().get("id").asText();
        var fresh = api.withKey(secret);
        assertEquals(200, fresh.get("/v1/feedback").status());

        var listed = admin.get("/v1/keys").json().get("items");
        var revoke = admin.delete("/v1/keys/" + id);

        assertTrue(listed.toString().contains(id));
        assertFalse(listed.toString().contains(secret), "a listing never shows a secret");
        assertEquals(204, revoke.status());
        assertEquals(401, fresh.get("/v1/feedback").status());
        assertEquals(404, admin.delete("/v1/keys/" + id).status(), "already revoked");
    }

    @Test
    void only_an_admin_key_manages_keys() {
        var attempt = api.post("/v1/keys", "{\"role\": \"admin\"}");

        assertEquals(403, attempt.status());
        assertEquals(403, api.get("/v1/keys").status());
    }

    @Test
    void keys_are_stored_only_as_hashes() throws SQLException {
        var issued = admin.post("/v1/keys", "{\"role\": \"secret\"}").json().get("secret").asText();

        var stored = new ArrayList<String>();
        hub.hub().database().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM api_keys")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        stored.add(String.valueOf(rs.getString(i)));
                    }
                }
            }
            return null;
        });

        assertFalse(stored.isEmpty());
        for (var secret : List.of(issued, TestHub.SECRET_KEY, TestHub.ADMIN_KEY)) {
            assertTrue(stored.stream().noneMatch(v -> v.contains(secret)), "secret found in api_keys");
        }
    }

    @Test
    void a_publishable_key_needs_its_origins() {
        var missing = admin.post("/v1/keys", "{\"role\": \"publishable\"}");

        assertEquals(422, missing.status());
        assertEquals("allowed_origins", missing.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void a_publishable_keys_origins_are_replaced_and_the_same_key_then_works_from_the_new_ones_only() {
        var issued = admin.post("/v1/keys", "{\"role\": \"publishable\", \"allowed_origins\": [\"https://old.example\"]}").json();
        var id = issued.get("id").asText();
        var browser = api.withKey(issued.get("secret").asText());
        var vote = "{\"message_id\": \"m-" + java.util.UUID.randomUUID() + "\", \"label\": \"thumbs_up\", \"author_id\": \"end-user-1\"}";
        assertEquals(201, browser.post("/v1/feedback", vote, "Origin", "https://old.example").status());

        var changed = admin.patch("/v1/keys/" + id, "{\"allowed_origins\": [\"https://new.example\", \"https://www.new.example\"]}");

        assertEquals(200, changed.status(), changed.body());
        assertEquals("[\"https://new.example\",\"https://www.new.example\"]", changed.json().get("allowed_origins").toString());
        assertFalse(changed.body().contains("secret"), "the secret is never shown again");
        assertEquals(changed.json(), keyListed(id));
        assertEquals(403, browser.post("/v1/feedback", vote, "Origin", "https://old.example").status(), "the old origin is refused at once");
        assertEquals(201, browser.post("/v1/feedback", vote.replace("end-user-1", "end-user-2"), "Origin", "https://www.new.example").status());
    }

    @Test
    void only_a_live_publishable_key_has_origins_to_change() {
        var secretKey = admin.post("/v1/keys", "{\"role\": \"secret\"}").json().get("id").asText();
        var publishable = admin.post("/v1/keys", "{\"role\": \"publishable\", \"allowed_origins\": [\"https://app.example\"]}").json().get("id").asText();

        var onSecret = admin.patch("/v1/keys/" + secretKey, "{\"allowed_origins\": [\"https://app.example\"]}");
        var empty = admin.patch("/v1/keys/" + publishable, "{\"allowed_origins\": []}");
        var withPath = admin.patch("/v1/keys/" + publishable, "{\"allowed_origins\": [\"https://app.example\", \"https://app.example/\", \"app.example\"]}");
        var unknownField = admin.patch("/v1/keys/" + publishable, "{\"role\": \"admin\"}");
        assertEquals(204, admin.delete("/v1/keys/" + publishable).status());
        var revoked = admin.patch("/v1/keys/" + publishable, "{\"allowed_origins\": [\"https://app.example\"]}");
        var byASecretKey = api.patch("/v1/keys/" + publishable, "{\"allowed_origins\": [\"https://app.example\"]}");

        assertEquals(422, onSecret.status(), onSecret.body());
        assertTrue(onSecret.body().contains("only a publishable key has allowed origins"), onSecret.body());
        assertEquals("[]", keyListed(secretKey).get("allowed_origins").toString(), "nothing written");
        assertEquals(422, empty.status(), empty.body());
        assertEquals("allowed_origins", empty.json().get("errors").get(0).get("field").asText());
        assertEquals(422, withPath.status(), withPath.body());
        assertEquals("allowed_origins[1]", withPath.json().get("errors").get(0).get("field").asText());
        assertEquals("allowed_origins[2]", withPath.json().get("errors").get(1).get("field").asText());
        assertEquals(2, withPath.json().get("errors").size(), withPath.body());
        assertEquals(422, admin.post("/v1/keys", "{\"role\": \"publishable\", \"allowed_origins\": [\"https://app.example/\"]}").status(),
                "nor is such a key made");
        assertEquals(422, unknownField.status(), unknownField.body());
        assertEquals(404, revoked.status(), revoked.body());
        assertEquals(403, byASecretKey.status(), byASecretKey.body());
        assertEquals("[\"https://app.example\"]", keyListed(publishable).get("allowed_origins").toString());
    }

    private com.fasterxml.jackson.databind.JsonNode keyListed(String id) {
        for (var k : admin.get("/v1/keys").json().get("items")) {
            if (id.equals(k.get("id").asText())) {
                return k;
            }
        }
        throw new AssertionError("key " + id + " is not listed");
    }

    @Test
    void a_publishable_key_alone_creates_feedback_from_allowed_origins_and_changes_none() {
        var message = "m-" + java.util.UUID.randomUUID();
        var thumbsUp = """
                {"message_id": "%s", "label": "thumbs_up", "author_id": "end-user-1"}""".formatted(message);
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("https://app.example")));
        var own = browser.post("/v1/feedback", thumbsUp, "Origin", "https://app.example");
        var someoneElses = api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "author_id": "end-user-2"}""".formatted(message)).json().get("id").asText();

        assertEquals(201, own.status(), own.body());
        var ownId = own.json().get("id").asText();
        assertEquals(403, browser.post("/v1/feedback", thumbsUp, "Origin", "https://evil.example").status());
        assertEquals(403, browser.post("/v1/feedback", thumbsUp).status(), "no Origin, no write");
        assertEquals(403, browser.get("/v1/feedback/" + ownId, "Origin", "https://app.example").status(), "cannot read");
        assertEquals(403, browser.get("/v1/feedback", "Origin", "https://app.example").status());
        // A key alone is shared by all of the app's browsers, so what it gave is no one's in particular: it changes
        // nothing, not even what it created (an anonymous id or an end-user token gives a browser an identity).
        assertEquals(404, browser.patch("/v1/feedback/" + ownId, "{\"comment\": \"changed my mind\"}", "Origin", "https://app.example").status());
        assertEquals(404, browser.delete("/v1/feedback/" + ownId, "Origin", "https://app.example").status());
        assertEquals(404, browser.patch("/v1/feedback/" + someoneElses, "{\"comment\": \"x\"}", "Origin", "https://app.example").status());
        assertEquals(404, browser.delete("/v1/feedback/" + someoneElses, "Origin", "https://app.example").status());
        assertNull(api.get("/v1/feedback/" + someoneElses).json().get("comment").textValue());
        assertNull(api.get("/v1/feedback/" + ownId).json().get("comment").textValue());
    }

    @Test
    void a_publishable_key_cannot_overwrite_a_vote_another_key_gave_by_claiming_its_author() {
        var message = "m-" + java.util.UUID.randomUUID();
        var vote = """
                {"message_id": "%s", "label": "%s", "author_id": "victim"}""";
        var original = api.post("/v1/feedback", vote.formatted(message, "thumbs_up")).json();
        var browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("https://app.example")));

        var hijack = browser.post("/v1/feedback", vote.formatted(message, "thumbs_down"), "Origin", "https://app.example");

        assertEquals(403, hijack.status(), hijack.body());
        assertEquals(original, api.get("/v1/feedback/" + original.get("id").asText()).json());
    }

    @Test
    void a_browser_preflight_is_answered() {
        var preflight = api.send("OPTIONS", "/v1/feedback", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");

        assertEquals(204, preflight.status());
        assertEquals("https://app.example", preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));
    }
}
