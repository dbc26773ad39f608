package io.feedbackhub.dialect.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.feedbackhub.dialect.DialectTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Scale GenAI Platform door as the {@code scale_gp} SDK uses it (seeds/README.md): PUT and DELETE on
 * {@code /v4/threads/{thread_id}/messages/{application_interaction_id}/feedback} with {@code x-api-key},
 * every real request and answer checked against seed 000 (contracts/scale.yaml).
 */
@HubTest
class ScaleDialectTest {
    static final OpenApiContract SCALE = OpenApiContract.load("contracts/scale.yaml");
    static final String BASE = "/compat/scale";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    // ---------------------------------------------------------------- helpers

    /** One thread entry nobody has judged yet. */
    record Entry(String thread, String interaction) {
        static Entry fresh() {
            return new Entry("thread-" + UUID.randomUUID(), "interaction-" + UUID.randomUUID());
        }

        String path() {
            return "/v4/threads/" + thread + "/messages/" + interaction + "/feedback";
        }
    }

    /** The body the SDK sends: all four fields, the ids repeated from the path. */
    static String sdkBody(Entry e, String sentiment, String description) {
        return """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "description": "%s", "sentiment": "%s"}"""
                .formatted(e.interaction(), e.thread(), description, sentiment);
    }

    Map<String, String> sdkHeaders() {
        return Map.of("x-api-key", api.key());
    }

    /** A PUT as the SDK sends it, checked against the seed whole (request and answer). */
    Api.Response sdkPut(Entry e, String body) {
        var response = api.put(BASE + e.path(), body, "x-api-key", api.key());
        SCALE.assertValid("PUT", e.path(), sdkHeaders(), body, response.status(), null, response.body());
        return response;
    }

    /** A request the seed itself refuses: only our answer is held to the seed (documented 422 shape). */
    Api.Response badPut(Entry e, String body) {
        var response = api.put(BASE + e.path(), body, "x-api-key", api.key());
        var answerViolations = SCALE.violations("PUT", e.path(), sdkHeaders(), body, response.status(), null, response.body())
                .stream().filter(v -> v.startsWith("[validation.response")).toList();
        assertEquals(List.of(), answerViolations, () -> "answer breaks the seed: " + response);
        return response;
    }

    Api.Response sdkDelete(Entry e) {
        return api.delete(BASE + e.path(), "x-api-key", api.key());
    }

    JsonNode nativeListOf(Api client, Entry e) {
        return client.get("/v1/feedback?thread_id=" + e.thread() + "&message_id=" + e.interaction()).json().get("items");
    }

    // ---------------------------------------------------------------- the upsert

    @Test
    void a_put_creates_the_one_feedback_of_the_entry_in_the_seeds_shape() {
        var entry = Entry.fresh();

        var response = sdkPut(entry, sdkBody(entry, "positive", "Great answer"));

        assertEquals(200, response.status(), response.body());
        var body = response.json();
        assertEquals(List.of("id", "chat_thread_id", "application_interaction_id", "sentiment", "description", "created_at"),
                iterableToList(body.fieldNames()));
        assertEquals(entry.thread(), body.get("chat_thread_id").asText());
        assertEquals(entry.interaction(), body.get("application_interaction_id").asText());
        assertEquals("positive", body.get("sentiment").asText());
        assertEquals("Great answer", body.get("description").asText());
        Instant.parse(body.get("created_at").asText());
    }

    @Test
    void feedback_written_through_scale_is_visible_through_the_native_api_with_label_and_comment_mapped() {
        var entry = Entry.fresh();

        var id = sdkPut(entry, sdkBody(entry, "negative", "Cites the old refund policy")).json().get("id").asText();

        var stored = api.get("/v1/feedback/" + id);
        assertEquals(200, stored.status(), stored.body());
        var f = stored.json();
        assertEquals(entry.thread(), f.get("thread_id").asText());
        assertEquals(entry.interaction(), f.get("message_id").asText());
        assertEquals("reaction", f.get("name").asText());
        assertEquals("negative", f.get("label").asText());
        assertEquals(0.0, f.get("score").asDouble(), "a negative sentiment scores 0");
        assertEquals("Cites the old refund policy", f.get("comment").asText());
        assertTrue(f.get("author_id").isNull(), "one feedback per entry, whoever sends it");
        assertTrue(f.get("agent_id").isNull());
        var listed = nativeListOf(api, entry);
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).get("id").asText());
        assertEquals(200, api.get("/v1/threads/" + entry.thread()).status(), "the unknown thread was registered by the write");
    }

    @Test
    void a_positive_sentiment_scores_one() {
        var entry = Entry.fresh();

        var id = sdkPut(entry, sdkBody(entry, "positive", "")).json().get("id").asText();

        var f = api.get("/v1/feedback/" + id).json();
        assertEquals(1.0, f.get("score").asDouble());
        assertEquals("", f.get("comment").asText(), "an empty description is a valid str");
    }

    @Test
    void a_second_put_updates_the_same_feedback_and_keeps_the_previous_version() {
        var entry = Entry.fresh();
        var first = sdkPut(entry, sdkBody(entry, "positive", "Great answer")).json();

        var second = sdkPut(entry, sdkBody(entry, "negative", "On reflection, wrong"));

        assertEquals(200, second.status(), "an upsert is never a 409: the SDK would retry it");
        assertEquals(first.get("id"), second.json().get("id"));
        assertEquals(first.get("created_at"), second.json().get("created_at"), "still the same entity");
        assertEquals("negative", second.json().get("sentiment").asText());
        assertEquals("On reflection, wrong", second.json().get("description").asText());
        var history = api.get("/v1/feedback/" + first.get("id").asText() + "/history").json().get("items");
        assertEquals(2, history.size());
        assertEquals("positive", history.get(0).get("label").asText());
        assertEquals("Great answer", history.get(0).get("comment").asText());
        assertEquals(1, history.get(0).get("revision").asInt());
        assertEquals("negative", history.get(1).get("label").asText());
        assertEquals(2, history.get(1).get("revision").asInt());
        assertEquals(1, nativeListOf(api, entry).size());
    }

    @Test
    void the_same_put_sent_twice_answers_200_both_times_with_one_record() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "positive", "retried by the SDK");
        var first = sdkPut(entry, body);

        var retry = sdkPut(entry, body);

        assertEquals(200, first.status());
        assertEquals(200, retry.status());
        assertEquals(first.json().get("id"), retry.json().get("id"));
        assertEquals(1, nativeListOf(api, entry).size());
    }

    @Test
    void members_the_seed_does_not_mention_are_ignored_as_pydantic_does() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "positive", "ok").replace("{", "{\"rating\": 5, ");

        var response = sdkPut(entry, body);

        assertEquals(200, response.status(), response.body());
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void without_a_key_the_answer_is_fastapis_401_and_nothing_is_written() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "positive", "anonymous");

        var response = api.put(BASE + entry.path(), body, "no-auth", null);

        assertEquals(401, response.status());
        assertEquals(json("{\"detail\": \"Not authenticated\"}"), response.json());
        // The seed lists no 401 (it says security: []); the body is FastAPI's own.
        SCALE.ignoring("validation.response.status.unknown")
                .assertValid("PUT", entry.path(), Map.of(), body, response.status(), null, response.body());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void a_revoked_or_made_up_key_is_401_too() {
        var entry = Entry.fresh();

        var response = api.put(BASE + entry.path(), sdkBody(entry, "positive", "x"), "x-api-key", "not-a-key");

        assertEquals(401, response.status());
        assertEquals("Not authenticated", response.json().get("detail").asText());
    }

    @Test
    void a_bearer_key_works_too_and_the_selected_account_header_is_ignored() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "positive", "via bearer");

        var response = api.put(BASE + entry.path(), body,
                "Authorization", "Bearer " + api.key(), "x-selected-account-id", "some-other-account");

        assertEquals(200, response.status(), response.body());
        SCALE.assertValid("PUT", entry.path(), Map.of("Authorization", "Bearer " + api.key()), body,
                response.status(), null, response.body());
        assertEquals(1, nativeListOf(api, entry).size(), "written to the key's tenant");
    }

    @Test
    void another_tenants_key_cannot_see_it_through_the_native_api_nor_change_it_through_scale() {
        var entry = Entry.fresh();
        var ours = sdkPut(entry, sdkBody(entry, "positive", "ours")).json();
        var other = hub.otherTenant();

        var theirs = other.put(BASE + entry.path(), sdkBody(entry, "negative", "theirs"), "x-api-key", other.key());

        assertEquals(200, theirs.status(), theirs.body());
        assertNotEquals(ours.get("id"), theirs.json().get("id"), "their entry is their own record");
        assertEquals(404, other.get("/v1/feedback/" + ours.get("id").asText()).status());
        assertEquals(1, nativeListOf(other, entry).size());
        assertEquals("theirs", nativeListOf(other, entry).get(0).get("comment").asText());
        var still = api.get("/v1/feedback/" + ours.get("id").asText()).json();
        assertEquals("positive", still.get("label").asText());
        assertEquals(1, still.get("revision").asInt());
    }

    // ---------------------------------------------------------------- validation (FastAPI / pydantic v2 shape)

    @Test
    void body_ids_that_differ_from_the_path_are_refused_at_the_body_field_and_nothing_is_written() {
        var entry = Entry.fresh();
        var body = """
                {"application_interaction_id": "another-entry", "chat_thread_id": "another-thread",
                 "description": "misrouted", "sentiment": "positive"}""";

        var response = badPut(entry, body);

        assertEquals(422, response.status());
        var detail = response.json().get("detail");
        assertEquals(2, detail.size(), response.body());
        assertEquals(json("[\"body\", \"chat_thread_id\"]"), detail.get(0).get("loc"));
        assertEquals("value_error", detail.get(0).get("type").asText());
        assertEquals("another-thread", detail.get(0).get("input").asText());
        assertTrue(detail.get(0).get("msg").asText().startsWith("Value error, "), detail.toString());
        assertTrue(detail.get(0).get("msg").asText().contains(entry.thread()), "names the path's value");
        assertEquals(json("[\"body\", \"application_interaction_id\"]"), detail.get(1).get("loc"));
        assertEquals("another-entry", detail.get(1).get("input").asText());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void one_differing_id_is_one_error_on_that_field() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "negative", "x").replace(entry.interaction(), "interaction-elsewhere");

        var response = badPut(entry, body);

        assertEquals(422, response.status());
        var detail = response.json().get("detail");
        assertEquals(1, detail.size(), response.body());
        assertEquals(json("[\"body\", \"application_interaction_id\"]"), detail.get(0).get("loc"));
    }

    @Test
    void every_missing_field_is_reported_in_the_seeds_order_with_pydantics_missing_error() {
        var entry = Entry.fresh();

        var response = badPut(entry, "{}");

        assertEquals(422, response.status());
        assertEquals(json("""
                {"detail": [
                  {"type": "missing", "loc": ["body", "chat_thread_id"], "msg": "Field required", "input": {}},
                  {"type": "missing", "loc": ["body", "application_interaction_id"], "msg": "Field required", "input": {}},
                  {"type": "missing", "loc": ["body", "sentiment"], "msg": "Field required", "input": {}},
                  {"type": "missing", "loc": ["body", "description"], "msg": "Field required", "input": {}}]}"""),
                response.json());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void a_missing_description_is_one_error_whose_input_is_the_body() {
        var entry = Entry.fresh();
        var body = """
                {"application_interaction_id": "%s", "chat_thread_id": "%s", "sentiment": "positive"}"""
                .formatted(entry.interaction(), entry.thread());

        var response = badPut(entry, body);

        assertEquals(422, response.status());
        var detail = response.json().get("detail");
        assertEquals(1, detail.size(), response.body());
        assertEquals(json("[\"body\", \"description\"]"), detail.get(0).get("loc"));
        assertEquals("missing", detail.get(0).get("type").asText());
        assertEquals(json(body), detail.get(0).get("input"));
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void wrong_types_are_string_type_errors_at_their_own_field() {
        var entry = Entry.fresh();
        var body = """
                {"application_interaction_id": "%s", "chat_thread_id": 42, "description": null, "sentiment": "negative"}"""
                .formatted(entry.interaction());

        var response = badPut(entry, body);

        assertEquals(422, response.status());
        assertEquals(json("""
                {"detail": [
                  {"type": "string_type", "loc": ["body", "chat_thread_id"], "msg": "Input should be a valid string", "input": 42},
                  {"type": "string_type", "loc": ["body", "description"], "msg": "Input should be a valid string", "input": null}]}"""),
                response.json());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void an_unknown_sentiment_is_pydantics_enum_error() {
        var entry = Entry.fresh();

        var response = badPut(entry, sdkBody(entry, "neutral", "meh"));

        assertEquals(422, response.status());
        assertEquals(json("""
                {"detail": [{"type": "enum", "loc": ["body", "sentiment"], "msg": "Input should be 'positive' or 'negative'",
                  "input": "neutral", "ctx": {"expected": "'positive' or 'negative'"}}]}"""), response.json());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void a_sentiment_that_is_not_a_string_is_the_enum_error_too() {
        var entry = Entry.fresh();
        var body = sdkBody(entry, "x", "d").replace("\"sentiment\": \"x\"", "\"sentiment\": true");

        var response = badPut(entry, body);

        assertEquals(422, response.status());
        var error = response.json().get("detail").get(0);
        assertEquals("enum", error.get("type").asText());
        assertEquals(json("[\"body\", \"sentiment\"]"), error.get("loc"));
        assertTrue(error.get("input").asBoolean());
    }

    @Test
    void malformed_json_is_fastapis_json_invalid_at_the_position() {
        var entry = Entry.fresh();

        var response = badPut(entry, "{\"sentiment\": \"positive\",");

        assertEquals(422, response.status());
        var error = response.json().get("detail").get(0);
        assertEquals("json_invalid", error.get("type").asText());
        assertEquals("JSON decode error", error.get("msg").asText());
        assertEquals("body", error.get("loc").get(0).asText());
        assertTrue(error.get("loc").get(1).isInt(), "FastAPI puts the character position in loc: " + error);
    }

    @Test
    void an_empty_body_is_the_missing_body() {
        var entry = Entry.fresh();

        var response = api.send("PUT", BASE + entry.path(), "", "x-api-key", api.key(), "Content-Type", "application/json");

        assertEquals(422, response.status());
        assertEquals(json("{\"detail\": [{\"type\": \"missing\", \"loc\": [\"body\"], \"msg\": \"Field required\", \"input\": null}]}"),
                response.json());
    }

    @Test
    void a_body_that_is_not_an_object_is_model_attributes_type() {
        var entry = Entry.fresh();

        var response = badPut(entry, "[1, 2]");

        assertEquals(422, response.status());
        assertEquals(json("""
                {"detail": [{"type": "model_attributes_type", "loc": ["body"],
                  "msg": "Input should be a valid dictionary or object to extract fields from", "input": [1, 2]}]}"""),
                response.json());
    }

    @Test
    void a_description_over_the_hubs_limit_is_refused_at_description() {
        var entry = Entry.fresh();

        var response = badPut(entry, sdkBody(entry, "positive", "x".repeat(10_001)));

        assertEquals(422, response.status());
        var detail = response.json().get("detail");
        assertEquals(1, detail.size(), response.body());
        assertEquals(json("[\"body\", \"description\"]"), detail.get(0).get("loc"));
        assertEquals(0, nativeListOf(api, entry).size());
    }

    // ---------------------------------------------------------------- undo (the SDK's DELETE)

    @Test
    void delete_undoes_the_feedback_of_the_entry() {
        var entry = Entry.fresh();
        var written = sdkPut(entry, sdkBody(entry, "negative", "wrong")).json();

        var deleted = sdkDelete(entry);

        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(written, deleted.json(), "the SDK takes any JSON; the removed feedback is the most useful");
        assertEquals(404, api.get("/v1/feedback/" + written.get("id").asText()).status());
        assertEquals(0, nativeListOf(api, entry).size());
    }

    @Test
    void deleting_an_entry_without_feedback_is_200_with_an_empty_object() {
        var entry = Entry.fresh();
        sdkPut(entry, sdkBody(entry, "positive", "x"));
        sdkDelete(entry);

        var again = sdkDelete(entry);

        assertEquals(200, again.status(), "a retried undo must not fail");
        assertEquals(json("{}"), again.json());
        assertEquals(json("{}"), sdkDelete(Entry.fresh()).json());
    }

    @Test
    void a_put_after_delete_revives_the_same_record() {
        var entry = Entry.fresh();
        var id = sdkPut(entry, sdkBody(entry, "positive", "x")).json().get("id");
        sdkDelete(entry);

        var revived = sdkPut(entry, sdkBody(entry, "negative", "y"));

        assertEquals(200, revived.status());
        assertEquals(id, revived.json().get("id"));
        var f = api.get("/v1/feedback/" + id.asText()).json();
        assertEquals(3, f.get("revision").asInt());
        assertFalse(f.get("deleted").asBoolean());
    }

    @Test
    void delete_needs_a_key_and_cannot_reach_another_tenant() {
        var entry = Entry.fresh();
        var id = sdkPut(entry, sdkBody(entry, "positive", "x")).json().get("id").asText();
        var other = hub.otherTenant();

        var anonymous = api.send("DELETE", BASE + entry.path(), null, "no-auth", null);
        var foreign = other.delete(BASE + entry.path(), "x-api-key", other.key());

        assertEquals(401, anonymous.status());
        assertEquals("Not authenticated", anonymous.json().get("detail").asText());
        assertEquals(200, foreign.status());
        assertEquals(json("{}"), foreign.json(), "nothing of theirs at that entry");
        assertEquals(200, api.get("/v1/feedback/" + id).status(), "ours is untouched");
    }

    private static List<String> iterableToList(java.util.Iterator<String> names) {
        var list = new java.util.ArrayList<String>();
        names.forEachRemaining(list::add);
        return list;
    }
}
