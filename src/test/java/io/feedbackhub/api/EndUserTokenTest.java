package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-user tokens (POST /v1/tokens): a backend mints one with its secret key for the person in the browser, who can
 * then give, change and undo their own feedback on that target, read that one vote back, and nothing else.
 */
@HubTest
class EndUserTokenTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    /** A token for {@code author} on {@code message}, minted with the bootstrap secret key. */
    String tokenFor(String author, String message) {
        var minted = api.post("/v1/tokens", """
                {"author_id": "%s", "message_id": "%s"}""".formatted(author, message));
        assertEquals(201, minted.status(), minted.body());
        return minted.json().get("token").asText();
    }

    Api as(String token) {
        return api.withKey(token);
    }

    // ---------------------------------------------------------------- minting

    @Test
    void a_secret_key_mints_a_token_bound_to_an_author_and_target_that_lasts_an_hour_by_default() {
        var before = Instant.now();

        var minted = api.post("/v1/tokens", """
                {"author_id": "user-7", "thread_id": "t-1", "message_id": "m-1", "name": "helpfulness"}""");

        assertEquals(201, minted.status(), minted.body());
        var body = minted.json();
        assertTrue(body.get("token").asText().startsWith("fh_eut_"), body.toString());
        var expires = Instant.parse(body.get("expires_at").asText());
        assertTrue(!expires.isBefore(before.plus(Duration.ofHours(1)).minusSeconds(2))
                && !expires.isAfter(Instant.now().plus(Duration.ofHours(1)).plusSeconds(1)), "expires an hour from now: " + expires);
        assertEquals("user-7", body.get("author_id").asText());
        assertEquals("t-1", body.get("thread_id").asText());
        assertEquals("m-1", body.get("message_id").asText());
        assertEquals("helpfulness", body.get("name").asText());
    }

    @Test
    void a_token_may_ask_for_a_shorter_life_within_bounds() {
        var shortLived = api.post("/v1/tokens", "{\"author_id\": \"u\", \"ttl_seconds\": 120}");
        var tooLong = api.post("/v1/tokens", "{\"author_id\": \"u\", \"ttl_seconds\": 864000}");
        var noAuthor = api.post("/v1/tokens", "{\"message_id\": \"m\", \"colour\": \"red\"}");

        assertEquals(201, shortLived.status(), shortLived.body());
        var expires = Instant.parse(shortLived.json().get("expires_at").asText());
        assertTrue(expires.isBefore(Instant.now().plusSeconds(121)), expires::toString);
        assertEquals(422, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("ttl_seconds"), tooLong.body());
        assertEquals(422, noAuthor.status(), noAuthor.body());
        assertTrue(noAuthor.body().contains("author_id") && noAuthor.body().contains("colour"), noAuthor.body());
    }

    @Test
    void only_secret_and_admin_keys_mint_tokens() {
        var publishable = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of("*")));
        var token = tokenFor("u-1", unique("m"));

        var byAdmin = api.withKey(TestHub.ADMIN_KEY).post("/v1/tokens", "{\"author_id\": \"u\"}");
        var byPublishable = publishable.post("/v1/tokens", "{\"author_id\": \"u\"}", "Origin", "https://app.example");
        var byToken = as(token).post("/v1/tokens", "{\"author_id\": \"u\"}");
        var anonymous = api.withKey(null).post("/v1/tokens", "{\"author_id\": \"u\"}");

        assertEquals(201, byAdmin.status(), byAdmin.body());
        assertEquals(403, byPublishable.status(), byPublishable.body());
        assertEquals(403, byToken.status(), byToken.body());
        assertEquals(401, anonymous.status(), anonymous.body());
    }

    // ---------------------------------------------------------------- writing with a token

    @Test
    void a_token_gives_changes_and_undoes_its_authors_vote_and_reads_it_back() {
        var message = unique("m");
        var token = as(tokenFor("user-1", message));

        var given = token.post("/v1/feedback", "{\"label\": \"thumbs_up\"}");
        var read = token.get("/v1/feedback?message_id=" + message);
        var changed = token.post("/v1/feedback", "{\"label\": \"thumbs_down\", \"reasons\": [\"outdated\"], \"comment\": \"old price\"}");
        var id = given.json().get("id").asText();
        var history = api.get("/v1/feedback/" + id + "/history");
        var undone = token.delete("/v1/feedback/" + id);

        assertEquals(201, given.status(), given.body());
        assertEquals("user-1", given.json().get("author_id").asText(), "the author comes from the token");
        assertEquals(message, given.json().get("message_id").asText(), "so does the target");
        assertEquals("user", given.json().get("source").asText(), "an end user's feedback");
        assertEquals(200, read.status(), read.body());
        assertEquals(List.of(id), ids(read.json()));
        assertEquals(200, changed.status(), changed.body());
        assertEquals(id, changed.json().get("id").asText(), "the same slot, changed in place");
        assertEquals(2, changed.json().get("revision").asInt());
        assertEquals(204, undone.status(), undone.body());
        assertEquals(404, api.get("/v1/feedback/" + id).status(), "undone: a tombstone");
        assertEquals(2, history.json().get("items").size(), "the first vote is kept in the history: " + history.body());
        assertEquals(List.of(), ids(token.get("/v1/feedback?message_id=" + message).json()), "nothing current to show");
    }

    @Test
    void a_token_patches_its_own_vote_by_id() {
        var message = unique("m");
        var token = as(tokenFor("user-2", message));
        var id = token.post("/v1/feedback", "{\"label\": \"thumbs_down\"}").json().get("id").asText();

        var patched = token.patch("/v1/feedback/" + id, "{\"comment\": \"it ignored my question\"}");

        assertEquals(200, patched.status(), patched.body());
        assertEquals("it ignored my question", api.get("/v1/feedback/" + id).json().get("comment").asText());
    }

    @Test
    void a_token_changes_its_authors_vote_whichever_key_gave_it() {
        var message = unique("m");
        var byBackend = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "user-3", "label": "thumbs_up"}""".formatted(message));
        var firstToken = as(tokenFor("user-3", message));
        var laterToken = as(tokenFor("user-3", message));

        var changed = firstToken.post("/v1/feedback", "{\"label\": \"thumbs_down\"}");
        var changedAgain = laterToken.post("/v1/feedback", "{\"label\": \"thumbs_up\"}");

        assertEquals(200, changed.status(), changed.body());
        assertEquals(200, changedAgain.status(), changedAgain.body());
        var id = byBackend.json().get("id").asText();
        assertEquals(id, changedAgain.json().get("id").asText());
        assertEquals(3, api.get("/v1/feedback/" + id).json().get("revision").asInt());
    }

    @Test
    void a_token_cannot_write_for_another_author_target_or_name() {
        var message = unique("m");
        var bound = api.post("/v1/tokens", """
                {"author_id": "user-4", "message_id": "%s", "name": "reaction"}""".formatted(message)).json().get("token").asText();
        var token = as(bound);

        var otherAuthor = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"author_id\": \"user-5\"}");
        var otherMessage = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"message_id\": \"%s\"}".formatted(unique("m")));
        var otherName = token.post("/v1/feedback", "{\"label\": \"thumbs_up\", \"name\": \"accuracy\"}");
        var batch = token.post("/v1/feedback/batch", """
                {"items": [{"message_id": "%s", "author_id": "user-5", "label": "thumbs_up"}]}""".formatted(message));

        for (var refused : List.of(otherAuthor, otherMessage, otherName)) {
            assertEquals(403, refused.status(), refused.body());
            assertTrue(refused.body().contains("author_id=user-4"), refused.body());
        }
        assertEquals(403, batch.json().get("results").get(0).get("status").asInt(), batch.body());
        assertEquals(List.of(), ids(api.get("/v1/feedback?author_id=user-5").json()), "nothing was written");
    }

    @Test
    void a_token_cannot_change_or_undo_someone_elses_feedback() {
        var message = unique("m");
        var someoneElse = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "user-6", "label": "thumbs_up"}""".formatted(message)).json().get("id").asText();
        var token = as(tokenFor("user-7", message));

        var patched = token.patch("/v1/feedback/" + someoneElse, "{\"label\": \"thumbs_down\"}");
        var deleted = token.delete("/v1/feedback/" + someoneElse);

        assertEquals(404, patched.status(), patched.body());
        assertEquals(404, deleted.status(), deleted.body());
        var unchanged = api.get("/v1/feedback/" + someoneElse).json();
        assertEquals("thumbs_up", unchanged.get("label").asText());
        assertEquals(1, unchanged.get("revision").asInt());
    }

    // ---------------------------------------------------------------- reading with a token

    @Test
    void a_token_reads_nothing_but_its_authors_own_feedback_on_its_target() {
        var message = unique("m");
        api.put("/v1/messages/" + message, "{\"prompt\": \"secret prompt\", \"content\": \"answer\"}");
        var other = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "user-9", "label": "thumbs_down"}""".formatted(message)).json().get("id").asText();
        var token = as(tokenFor("user-8", message));
        var own = token.post("/v1/feedback", "{\"label\": \"thumbs_up\"}").json().get("id").asText();

        var listed = token.get("/v1/feedback");
        var anotherAuthor = token.get("/v1/feedback?author_id=user-9");
        var anotherMessage = token.get("/v1/feedback?message_id=" + unique("m"));
        var refused = List.of(
                token.get("/v1/feedback/" + own),
                token.get("/v1/feedback/" + other),
                token.get("/v1/feedback/" + own + "/history"),
                token.get("/v1/messages/" + message),
                token.get("/v1/stats"),
                token.get("/v1/stats/compare?a.label=thumbs_up&b.label=thumbs_down"),
                token.get("/v1/export"),
                token.get("/v1/keys"),
                token.post("/v1/authors/user-9/purge", "{}"));

        assertEquals(List.of(own), ids(listed.json()), "its own vote only, though user-9's is on the same message");
        assertEquals(403, anotherAuthor.status(), anotherAuthor.body());
        assertEquals(403, anotherMessage.status(), anotherMessage.body());
        for (var r : refused) {
            assertEquals(403, r.status(), r.body());
            assertTrue(!r.body().contains("secret prompt"), r.body());
        }
    }

    @Test
    void a_token_bound_to_no_target_must_name_the_target_it_reads() {
        var message = unique("m");
        var token = as(api.post("/v1/tokens", "{\"author_id\": \"user-10\"}").json().get("token").asText());
        token.post("/v1/feedback", "{\"message_id\": \"%s\", \"label\": \"thumbs_up\"}".formatted(message));

        var unnamed = token.get("/v1/feedback");
        var named = token.get("/v1/feedback?message_id=" + message);

        assertEquals(422, unnamed.status(), unnamed.body());
        assertEquals(1, named.json().get("items").size(), named.body());
    }

    // ---------------------------------------------------------------- validity

    @Test
    void a_tampered_or_unknown_token_is_refused() {
        var token = tokenFor("user-11", unique("m"));
        var parts = token.split("\\.");
        var otherClaims = api.post("/v1/tokens", "{\"author_id\": \"user-12\"}").json().get("token").asText().split("\\.")[1];
        var swapped = parts[0] + "." + otherClaims + "." + parts[2];
        var signature = parts[2].toCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        var forged = parts[0] + "." + parts[1] + "." + new String(signature);

        var answers = List.of(
                as(swapped).post("/v1/feedback", "{\"label\": \"thumbs_up\"}"),
                as(forged).post("/v1/feedback", "{\"label\": \"thumbs_up\"}"),
                as("fh_eut_garbage").post("/v1/feedback", "{\"label\": \"thumbs_up\"}"),
                as("fh_eut_a.b.c").get("/v1/feedback?message_id=m"));

        for (var r : answers) {
            assertEquals(401, r.status(), r.body());
            assertEquals("application/problem+json", r.header("Content-Type"));
        }
    }

    @Test
    void revoking_the_key_that_minted_a_token_ends_the_token() {
        var key = hub.issueKey(Role.SECRET, List.of());
        var keyId = api.withKey(TestHub.ADMIN_KEY).get("/v1/keys").json().get("items").findValues("id").stream()
                .map(JsonNode::asText).reduce((a, b) -> b).orElseThrow();
        var message = unique("m");
        var token = as(api.withKey(key).post("/v1/tokens", "{\"author_id\": \"user-13\", \"message_id\": \"%s\"}".formatted(message))
                .json().get("token").asText());
        var before = token.post("/v1/feedback", "{\"label\": \"thumbs_up\"}");

        api.withKey(TestHub.ADMIN_KEY).delete("/v1/keys/" + keyId);
        var after = token.post("/v1/feedback", "{\"label\": \"thumbs_down\"}");

        assertEquals(201, before.status(), before.body());
        assertEquals(401, after.status(), after.body());
        assertTrue(after.body().contains("revoked"), after.body());
    }

    @Test
    void a_token_minted_on_one_node_works_on_another_node_of_the_same_store() {
        var message = unique("m");
        var token = tokenFor("user-14", message);
        try (var second = new FeedbackHub(Config.from(hub.environment(Map.of()))).start()) {
            var onSecond = new Api("http://localhost:" + second.port(), token);

            var given = onSecond.post("/v1/feedback", "{\"label\": \"thumbs_up\"}");

            assertEquals(201, given.status(), given.body());
            assertEquals("user-14", api.get("/v1/feedback/" + given.json().get("id").asText()).json().get("author_id").asText());
        }
    }

    @Test
    void a_browser_preflight_for_a_token_write_is_answered() {
        var preflight = api.withKey(null).send("OPTIONS", "/v1/feedback", null, "Origin", "https://chat.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type");

        assertEquals(204, preflight.status(), preflight.body());
        assertEquals("https://chat.example", preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").findValues("id").stream().map(JsonNode::asText).toList();
    }
}
