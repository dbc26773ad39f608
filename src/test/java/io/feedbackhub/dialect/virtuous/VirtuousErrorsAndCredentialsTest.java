package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.dialect.virtuous.VirtuousClient.aThumbsUp;
import static io.feedbackhub.dialect.DialectTesting.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's three credential headers, and FastAPI's error answers at the field that is wrong. */
@HubTest
class VirtuousErrorsAndCredentialsTest {
    @Parameter
    TestHub hub;
    VirtuousClient virtuous;

    @BeforeParameterizedClassInvocation
    void start() {
        virtuous = VirtuousClient.of(hub.api);
    }

    JsonNode aReaction(String threadId) {
        return virtuous.post("/api/v1/feedback", aThumbsUp(threadId, uuid())).conforms().json();
    }

    int liveReactionsOf(String threadId) {
        return hub.api.get("/v1/feedback?thread_id=" + threadId).json().get("items").size();
    }

    /** Each error item as "type loc", e.g. {@code missing ["body","threadId"]}. */
    static List<String> errors(JsonNode body) {
        var out = new ArrayList<String>();
        body.get("detail").forEach(e -> out.add(e.get("type").asText() + " " + e.get("loc")));
        return out;
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void each_of_the_seeds_credential_headers_authenticates() {
        var key = hub.api.key();
        for (var client : List.of(
                virtuous.withCredentialHeader("authorization", "Bearer " + key),
                virtuous.withCredentialHeader("authorization", key),
                virtuous.withCredentialHeader("X-API-Key", key),
                virtuous.withCredentialHeader("vai_token", key))) {
            var thread = uuid();

            var created = client.post("/api/v1/feedback", aThumbsUp(thread, uuid())).conforms();

            assertEquals(200, created.status(), created.headers() + " " + created.response());
            assertEquals(200, client.get("/api/v1/feedback/" + created.json().get("id").asText()).conforms().status());
            assertEquals(1, client.get("/api/v1/feedback/threads/" + thread + "/reactions").conforms().json().size());
        }
    }

    @Test
    void no_key_or_a_wrong_key_is_401_and_nothing_is_written() {
        var thread = uuid();

        var anonymous = virtuous.anonymous().post("/api/v1/feedback", aThumbsUp(thread, uuid()));
        var wrong = virtuous.withCredentialHeader("vai_token", "fh_secret_not_a_real_key_000000").post("/api/v1/feedback", aThumbsUp(thread, uuid()));

        assertEquals(401, anonymous.status(), anonymous.response()::toString);
        assertEquals("{\"detail\":\"Not authenticated\"}", anonymous.response().body());
        wrong.answersUndocumented(401, "Not authenticated");
        assertEquals(0, liveReactionsOf(thread));
    }

    @Test
    void a_browsers_anonymous_id_writes_and_changes_its_own_reactions_but_reads_nothing() {
        var origin = "https://chat.example";
        var key = hub.issueKey(Role.PUBLISHABLE, List.of(origin));
        var minted = hub.api.withKey(key).post("/v1/anonymous-id", "", "Origin", origin);
        assertEquals(201, minted.status(), minted.body());
        var browser = virtuous.withCredentialHeader("vai_token", minted.json().get("anonymous_id").asText()).withOrigin(origin);
        var thread = uuid();
        var someoneElses = aReaction(thread);

        var created = browser.post("/api/v1/feedback", aThumbsUp(thread, uuid())).conforms();

        assertEquals(200, created.status(), created.response()::toString);
        var own = "/api/v1/feedback/" + created.json().get("id").asText();
        assertEquals(200, browser.patch(own, "{\"kind\": \"message_reaction\", \"comment\": \"ok\"}").conforms().status());
        browser.get(own).answersUndocumented(403, null);
        browser.get("/api/v1/feedback/threads/" + thread + "/reactions").answersUndocumented(403, null);
        var theirs = "/api/v1/feedback/" + someoneElses.get("id").asText();
        browser.patch(theirs, "{\"kind\": \"message_reaction\", \"reaction\": \"thumbs_down\"}").answersUndocumented(404, "Not Found");
        browser.delete(theirs).answersUndocumented(404, "Not Found");
        assertEquals(someoneElses, virtuous.get(theirs).json());
        assertEquals(204, browser.delete(own).conforms().status());
    }

    @Test
    void a_browser_key_alone_writes_a_reaction_and_changes_none() {
        var origin = "https://chat.example";
        var browser = virtuous.withCredentialHeader("vai_token", hub.issueKey(Role.PUBLISHABLE, List.of(origin))).withOrigin(origin);
        var thread = uuid();

        var created = browser.post("/api/v1/feedback", aThumbsUp(thread, uuid())).conforms();

        assertEquals(200, created.status(), created.response()::toString);
        var own = "/api/v1/feedback/" + created.json().get("id").asText();
        browser.patch(own, "{\"kind\": \"message_reaction\", \"comment\": \"ok\"}").answersUndocumented(404, "Not Found");
        browser.delete(own).answersUndocumented(404, "Not Found");
        assertEquals(1, liveReactionsOf(thread));
    }

    @Test
    void with_end_user_tokens_two_users_of_one_app_each_keep_their_own_reaction() {
        var thread = uuid();
        var message = uuid();
        var alice = uuid();
        var bob = uuid();
        var asAlice = virtuous.withCredentialHeader("X-API-Key", token(alice));
        var asBob = virtuous.withCredentialHeader("authorization", "Bearer " + token(bob));
        var body = """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "%s", "threadId": "%s"}""";

        var hers = asAlice.post("/api/v1/feedback", body.formatted(uuid(), message, "thumbs_up", thread)).conforms();
        var his = asBob.post("/api/v1/feedback", body.formatted(uuid(), message, "thumbs_down", thread)).conforms();

        assertEquals(200, hers.status(), hers.response()::toString);
        assertEquals(200, his.status(), his.response()::toString);
        assertEquals(alice, hers.json().get("userId").asText(), "the userId is the token's author");
        assertEquals(bob, his.json().get("userId").asText());
        assertEquals(2, liveReactionsOf(thread), "two reactions, neither overwrote the other");
        var herItem = "/api/v1/feedback/" + hers.json().get("id").asText();
        asBob.patch(herItem, "{\"kind\": \"message_reaction\", \"reaction\": \"thumbs_down\"}").answersUndocumented(404, "Not Found");
        assertEquals("thumbs_up", virtuous.get(herItem).json().get("reaction").asText());
        assertEquals(200, asAlice.patch(herItem, "{\"kind\": \"message_reaction\", \"comment\": \"mine\"}").conforms().status());
        assertEquals(204, asAlice.delete(herItem).conforms().status());
    }

    @Test
    void an_end_user_token_for_an_author_that_is_not_a_uuid_is_refused_saying_so() {
        var asUser = virtuous.withCredentialHeader("vai_token", token("user-8841"));
        var thread = uuid();

        var refused = asUser.post("/api/v1/feedback", aThumbsUp(thread, uuid()));

        assertEquals(403, refused.status(), refused.response()::toString);
        assertTrue(refused.json().get("detail").asText().contains("uuid"), refused.response()::toString);
        assertEquals(0, liveReactionsOf(thread));
    }

    String token(String author) {
        var minted = hub.api.post("/v1/tokens", "{\"author_id\": \"" + author + "\"}");
        assertEquals(201, minted.status(), minted.body());
        return minted.json().get("token").asText();
    }

    // ---------------------------------------------------------------- 422 at the real field

    @Test
    void every_missing_or_badly_typed_create_field_is_reported_at_its_field() {
        var body = """
                {"kind": 5, "messageId": "not-a-uuid", "reaction": "meh", "reasons": "incorrect",
                 "sourceSurface": null, "turnId": 42}""";

        var refused = virtuous.post("/api/v1/feedback", body).answersInvalidRequestWithContract422();

        assertEquals(List.of(
                "missing [\"body\",\"clientFeedbackId\"]",
                "string_type [\"body\",\"kind\"]",
                "uuid_parsing [\"body\",\"messageId\"]",
                "enum [\"body\",\"reaction\"]",
                "list_type [\"body\",\"reasons\"]",
                "string_type [\"body\",\"sourceSurface\"]",
                "missing [\"body\",\"threadId\"]",
                "uuid_type [\"body\",\"turnId\"]"), errors(refused.json()));
        var detail = refused.json().get("detail");
        assertEquals("Field required", detail.get(0).get("msg").asText());
        assertEquals("Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:`"
                + " followed by [0-9a-fA-F-], found `n` at 1", detail.get(2).get("msg").asText());
        assertEquals("not-a-uuid", detail.get(2).get("input").asText());
        assertEquals("Input should be 'thumbs_up' or 'thumbs_down'", detail.get(3).get("msg").asText());
        assertEquals("'thumbs_up' or 'thumbs_down'", detail.get(3).get("ctx").get("expected").asText());
    }

    @Test
    void a_bad_uuid_in_a_body_field_or_list_item_names_that_field() {
        var thread = uuid();
        var body = aThumbsUp(thread, "8540d774-4863-4d2b-b788-4ecb19412e8").replace("{", "{\"reasons\": [\"ok\", 3],");

        var refused = virtuous.post("/api/v1/feedback", body).answersInvalidRequestWithContract422();

        assertEquals(List.of("uuid_parsing [\"body\",\"messageId\"]", "string_type [\"body\",\"reasons\",1]"), errors(refused.json()));
        assertEquals("Input should be a valid UUID, invalid group length in group 4: expected 12, found 11",
                refused.json().get("detail").get(0).get("msg").asText());
        assertEquals(0, liveReactionsOf(thread));
    }

    @Test
    void a_bad_uuid_in_the_path_is_422_at_the_path_parameter() {
        var item = virtuous.get("/api/v1/feedback/42").answersInvalidRequestWithContract422();
        var thread = virtuous.get("/api/v1/feedback/threads/not-a-thread/reactions").answersInvalidRequestWithContract422();
        var patch = virtuous.patch("/api/v1/feedback/42", "{\"kind\": \"message_reaction\"}").answersInvalidRequestWithContract422();
        var delete = virtuous.delete("/api/v1/feedback/42").answersInvalidRequestWithContract422();

        assertEquals(List.of("uuid_parsing [\"path\",\"feedback_item_id\"]"), errors(item.json()));
        assertEquals("Input should be a valid UUID, invalid length: expected length 32 for simple format, found 2",
                item.json().get("detail").get(0).get("msg").asText());
        assertEquals(List.of("uuid_parsing [\"path\",\"thread_id\"]"), errors(thread.json()));
        assertEquals(List.of("uuid_parsing [\"path\",\"feedback_item_id\"]"), errors(patch.json()));
        assertEquals(List.of("uuid_parsing [\"path\",\"feedback_item_id\"]"), errors(delete.json()));
    }

    @Test
    void a_patch_without_kind_is_422_and_changes_nothing() {
        var created = aReaction(uuid());
        var path = "/api/v1/feedback/" + created.get("id").asText();

        var refused = virtuous.patch(path, "{\"reaction\": \"thumbs_down\"}").answersInvalidRequestWithContract422();

        assertEquals(List.of("missing [\"body\",\"kind\"]"), errors(refused.json()));
        assertEquals(created, virtuous.get(path).json());
    }

    @Test
    void a_patch_naming_another_kind_or_reaction_is_422_and_changes_nothing() {
        var created = aReaction(uuid());
        var path = "/api/v1/feedback/" + created.get("id").asText();

        var otherKind = virtuous.patch(path, "{\"kind\": \"answer_rating\", \"reaction\": \"thumbs_down\"}").conforms();
        var badReaction = virtuous.patch(path, "{\"kind\": \"message_reaction\", \"reaction\": \"meh\", \"comment\": 7}")
                .answersInvalidRequestWithContract422();

        assertEquals(422, otherKind.status());
        assertEquals(List.of("literal_error [\"body\",\"kind\"]"), errors(otherKind.json()));
        assertEquals("Input should be 'message_reaction'", otherKind.json().get("detail").get(0).get("msg").asText());
        assertEquals(List.of("string_type [\"body\",\"comment\"]", "enum [\"body\",\"reaction\"]"), errors(badReaction.json()));
        assertEquals(created, virtuous.get(path).json());
    }

    @Test
    void values_beyond_the_hubs_limits_are_422_at_the_vendors_field_and_nothing_is_written() {
        var thread = uuid();
        var body = aThumbsUp(thread, uuid()).replace("\"message_reaction\"", "\"message reaction\"")
                .replace("{", "{\"comment\": \"" + "x".repeat(10_001) + "\",");

        var refused = virtuous.post("/api/v1/feedback", body).conforms();

        assertEquals(422, refused.status());
        assertEquals(List.of("value_error [\"body\",\"kind\"]", "value_error [\"body\",\"comment\"]"), errors(refused.json()));
        assertEquals(0, liveReactionsOf(thread));
    }

    @Test
    void a_body_that_is_not_a_json_object_is_422_in_fastapis_words() {
        var malformed = virtuous.post("/api/v1/feedback", "{\"kind\": ").answersInvalidRequestWithContract422();
        var empty = virtuous.post("/api/v1/feedback", "").answersInvalidRequestWithContract422();
        var array = virtuous.post("/api/v1/feedback", "[]").answersInvalidRequestWithContract422();

        assertEquals("json_invalid", malformed.json().get("detail").get(0).get("type").asText());
        assertEquals("body", malformed.json().get("detail").get(0).get("loc").get(0).asText());
        assertEquals(List.of("missing [\"body\"]"), errors(empty.json()));
        assertEquals(List.of("model_attributes_type [\"body\"]"), errors(array.json()));
    }

    @Test
    void an_unknown_item_is_404_not_found() {
        var path = "/api/v1/feedback/" + uuid();

        virtuous.get(path).answersUndocumented(404, "Not Found");
        virtuous.patch(path, "{\"kind\": \"message_reaction\"}").answersUndocumented(404, "Not Found");
        virtuous.delete(path).answersUndocumented(404, "Not Found");
    }
}
