package io.feedbackhub.api;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write rules of DESIGN.md §1 through the native API: slots, history, idempotency, tombstones, purge. */
@HubTest
class FeedbackWriteSemanticsTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    static String thumbs(String messageId, String author, String label) {
        return """
                {"message_id": "%s", "author_id": "%s", "label": "%s"}""".formatted(messageId, author, label);
    }

    @Test
    void a_new_judgment_is_created_and_read_back_whole() {
        var message = unique("m");
        var body = """
                {"agent_id": "support-bot", "thread_id": "t-1", "message_id": "%s", "name": "helpfulness",
                 "label": "thumbs_down", "comment": "wrong refund policy", "reasons": ["incorrect", "outdated"],
                 "correction": "Refunds take 5 days.", "data": {"ui": {"x": 1}}, "author_id": "u-7", "source": "user",
                 "metadata": {"model": "gpt-x", "prompt_version": "v3"}}""".formatted(message);

        var created = api.post("/v1/feedback", body);

        assertEquals(201, created.status(), created.body());
        var id = created.json().get("id").asText();
        var read = api.get("/v1/feedback/" + id).json();
        assertEquals(created.json(), read);
        assertEquals("thumbs_down", read.get("label").asText());
        assertEquals(0.0, read.get("score").asDouble(), "a thumbs down scores 0");
        assertEquals("[\"incorrect\",\"outdated\"]", read.get("reasons").toString());
        assertEquals("{\"ui\":{\"x\":1}}", read.get("data").toString());
        assertEquals("v3", read.get("metadata").get("prompt_version").asText());
        assertEquals(1, read.get("revision").asInt());
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), "UUIDv7 id: " + id);
    }

    @Test
    void a_second_write_to_the_same_slot_updates_in_place_and_keeps_the_previous_version() {
        var message = unique("m");
        var first = api.post("/v1/feedback", thumbs(message, "u-1", "thumbs_up")).json();

        var second = api.post("/v1/feedback", thumbs(message, "u-1", "thumbs_down"));

        assertEquals(200, second.status(), second.body());
        assertEquals(first.get("id"), second.json().get("id"));
        assertEquals(2, second.json().get("revision").asInt());
        var history = api.get("/v1/feedback/" + first.get("id").asText() + "/history").json().get("items");
        assertEquals(2, history.size());
        assertEquals("thumbs_up", history.get(0).get("label").asText());
        assertEquals(1, history.get(0).get("revision").asInt());
        assertEquals("thumbs_down", history.get(1).get("label").asText());
    }

    @Test
    void another_author_or_name_or_content_is_another_slot() {
        var message = unique("m");
        var a = api.post("/v1/feedback", thumbs(message, "u-1", "thumbs_up")).json().get("id");
        var b = api.post("/v1/feedback", thumbs(message, "u-2", "thumbs_up")).json().get("id");
        var c = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-1", "name": "accuracy", "score": 0.4}""".formatted(message)).json().get("id");
        var d = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-1", "content_id": "chunk-9", "label": "thumbs_down"}""".formatted(message)).json().get("id");

        assertEquals(4, new HashSet<>(java.util.List.of(a, b, c, d)).size());
    }

    @Test
    void a_retried_create_returns_the_original_feedback() {
        var key = UUID.randomUUID().toString();
        var body = """
                {"message_id": "%s", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(unique("m"), key);
        var first = api.post("/v1/feedback", body);

        var retry = api.post("/v1/feedback", body);

        assertEquals(201, first.status());
        assertEquals(200, retry.status());
        assertEquals(first.json(), retry.json());
    }

    @Test
    void a_replay_with_a_different_payload_is_a_conflict_and_changes_nothing() {
        var key = UUID.randomUUID().toString();
        var message = unique("m");
        var first = api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(message, key)).json();

        var conflicting = api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_down", "client_feedback_id": "%s"}""".formatted(message, key));

        assertEquals(409, conflicting.status(), conflicting.body());
        assertEquals("application/problem+json", conflicting.header("Content-Type"));
        assertEquals(first, api.get("/v1/feedback/" + first.get("id").asText()).json());
    }

    @Test
    void thirty_two_concurrent_retries_of_one_key_make_exactly_one_record() throws Exception {
        var key = UUID.randomUUID().toString();
        var message = unique("m");
        var body = """
                {"message_id": "%s", "label": "thumbs_up", "author_id": "racer", "client_feedback_id": "%s"}""".formatted(message, key);
        var calls = new ArrayList<Callable<Api.Response>>();
        for (int i = 0; i < 32; i++) {
            calls.add(() -> api.post("/v1/feedback", body));
        }

        var ids = new HashSet<String>();
        int created = 0;
        try (var pool = Executors.newFixedThreadPool(32)) {
            for (var f : pool.invokeAll(calls)) {
                var r = f.get();
                assertTrue(r.status() == 200 || r.status() == 201, r.toString());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().get("id").asText());
            }
        }

        assertEquals(1, ids.size());
        assertEquals(1, created);
        var listed = api.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, listed.size());
        assertEquals(1, listed.get(0).get("revision").asInt(), "replays write nothing");
    }

    @Test
    void delete_leaves_a_tombstone_that_reads_and_lists_leave_out() {
        var message = unique("m");
        var id = api.post("/v1/feedback", thumbs(message, "u-1", "thumbs_up")).json().get("id").asText();

        var deleted = api.delete("/v1/feedback/" + id);

        assertEquals(204, deleted.status());
        assertEquals(404, api.get("/v1/feedback/" + id).status());
        assertEquals(0, api.get("/v1/feedback?message_id=" + message).json().get("items").size());
        assertEquals(404, api.delete("/v1/feedback/" + id).status(), "a tombstone cannot be deleted again");
        var revived = api.post("/v1/feedback", thumbs(message, "u-1", "thumbs_down")).json();
        assertEquals(id, revived.get("id").asText(), "a new vote in the slot revives the record");
        assertEquals(3, revived.get("revision").asInt());
        assertFalse(revived.get("deleted").asBoolean());
    }

    @Test
    void patch_changes_only_the_given_fields_and_bumps_the_revision() {
        var id = api.post("/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "comment": "nice", "reasons": ["fast"]}""".formatted(unique("m")))
                .json().get("id").asText();

        var patched = api.patch("/v1/feedback/" + id, """
                {"label": "thumbs_down", "comment": null}""");

        assertEquals(200, patched.status(), patched.body());
        var f = patched.json();
        assertEquals("thumbs_down", f.get("label").asText());
        assertEquals(0.0, f.get("score").asDouble(), "the new label's score replaces the old one");
        assertTrue(f.get("comment").isNull());
        assertEquals("[\"fast\"]", f.get("reasons").toString());
        assertEquals(2, f.get("revision").asInt());
        assertEquals(422, api.patch("/v1/feedback/" + id, "{\"message_id\": \"elsewhere\"}").status(), "the slot cannot move");
    }

    @Test
    void a_patch_that_changes_nothing_writes_no_revision() {
        var id = api.post("/v1/feedback", thumbs(unique("m"), "u-1", "thumbs_up")).json().get("id").asText();

        var same = api.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_up\"}");
        var empty = api.patch("/v1/feedback/" + id, "{}");

        assertEquals(1, same.json().get("revision").asInt());
        assertEquals(1, empty.json().get("revision").asInt());
        assertEquals(1, api.get("/v1/feedback/" + id + "/history").json().get("items").size());
    }

    @Test
    void purge_erases_everything_an_author_gave_and_nothing_else() {
        var author = unique("author");
        var message = unique("m");
        var id = api.post("/v1/feedback", thumbs(message, author, "thumbs_up")).json().get("id").asText();
        api.post("/v1/feedback", thumbs(message, author, "thumbs_down"));
        api.post("/v1/feedback", thumbs(unique("m"), author, "thumbs_up"));
        var keep = api.post("/v1/feedback", thumbs(message, "someone-else", "thumbs_up")).json().get("id").asText();

        var purge = api.post("/v1/authors/" + author + "/purge", null);

        assertEquals(200, purge.status(), purge.body());
        assertEquals(2, purge.json().get("purged").asInt());
        assertEquals(404, api.get("/v1/feedback/" + id).status());
        assertEquals(404, api.get("/v1/feedback/" + id + "/history").status());
        assertEquals(0, api.get("/v1/feedback?author_id=" + author).json().get("items").size());
        assertEquals(200, api.get("/v1/feedback/" + keep).status());
    }

    @Test
    void a_batch_reports_each_item_and_writes_the_valid_ones() {
        var message = unique("m");
        var batch = """
                {"items": [
                  {"message_id": "%s", "label": "thumbs_up", "author_id": "a"},
                  {"label": "thumbs_up"},
                  {"message_id": "%s", "label": "thumbs_down", "author_id": "b", "score": "high"}
                ]}""".formatted(message, message);

        var response = api.post("/v1/feedback/batch", batch);

        assertEquals(200, response.status(), response.body());
        var results = response.json().get("results");
        assertEquals(201, results.get(0).get("status").asInt());
        assertEquals(422, results.get(1).get("status").asInt());
        assertEquals("message_id", results.get(1).get("error").get("errors").get(0).get("field").asText());
        assertEquals(422, results.get(2).get("status").asInt());
        assertEquals("score", results.get(2).get("error").get("errors").get(0).get("field").asText());
        assertEquals(1, api.get("/v1/feedback?message_id=" + message).json().get("items").size());
    }

    @Test
    void batch_items_for_one_slot_apply_in_request_order() {
        var message = unique("m");
        var batch = """
                {"items": [
                  {"message_id": "%s", "author_id": "a", "label": "thumbs_up"},
                  {"message_id": "%s", "author_id": "a", "label": "thumbs_down"},
                  {"message_id": "%s", "author_id": "a", "label": "flagged"}
                ]}""".formatted(message, message, message);

        var results = api.post("/v1/feedback/batch", batch).json().get("results");

        assertEquals(201, results.get(0).get("status").asInt());
        assertEquals(200, results.get(1).get("status").asInt());
        assertEquals(3, results.get(2).get("feedback").get("revision").asInt());
        var stored = api.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, stored.size());
        assertEquals("flagged", stored.get(0).get("label").asText());
    }

    @Test
    void a_feedback_config_is_enforced_on_every_later_write() {
        var name = "stars-" + hub.kind().name().toLowerCase();
        assertEquals(200, api.put("/v1/feedback-configs/" + name, """
                {"type": "numeric", "min": 1, "max": 5, "allowed_reasons": ["slow", "wrong"]}""").status());

        var outOfRange = api.post("/v1/feedback", """
                {"message_id": "m-cfg", "name": "%s", "score": 7, "reasons": ["rude"]}""".formatted(name));
        var fits = api.post("/v1/feedback", """
                {"message_id": "m-cfg", "name": "%s", "score": 4, "reasons": ["slow"]}""".formatted(name));

        assertEquals(422, outOfRange.status());
        var fields = new ArrayList<String>();
        outOfRange.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(java.util.List.of("score", "reasons[0]"), fields);
        assertEquals(201, fits.status(), fits.body());
        assertEquals(422, api.patch("/v1/feedback/" + fits.json().get("id").asText(), "{\"score\": 0}").status(),
                "a patch is checked against the config too");
    }

    @Test
    void ids_of_another_tenant_are_not_found_and_the_answer_does_not_tell_they_exist() {
        var id = api.post("/v1/feedback", thumbs(unique("m"), "u", "thumbs_up")).json().get("id").asText();
        var other = hub.otherTenant();

        var theirs = other.get("/v1/feedback/" + id);
        var nobodys = other.get("/v1/feedback/" + UUID.randomUUID());

        assertEquals(404, theirs.status());
        assertEquals(nobodys.json().get("title"), theirs.json().get("title"));
        assertEquals(404, other.patch("/v1/feedback/" + id, "{\"label\": \"x\"}").status());
        assertEquals(404, other.delete("/v1/feedback/" + id).status());
        assertEquals(200, api.get("/v1/feedback/" + id).status(), "still there for its owner");
        assertEquals(0, other.get("/v1/feedback").json().get("items").size());
    }

    @Test
    void listing_filters_and_pages_with_an_opaque_cursor() {
        var thread = unique("t");
        for (int i = 0; i < 5; i++) {
            api.post("/v1/feedback", """
                    {"thread_id": "%s", "message_id": "m%d", "label": "%s", "metadata": {"prompt_version": "v%d"}}"""
                    .formatted(thread, i, i % 2 == 0 ? "thumbs_up" : "thumbs_down", i % 2));
        }

        var page1 = api.get("/v1/feedback?thread_id=" + thread + "&limit=2").json();
        var page2 = api.get("/v1/feedback?thread_id=" + thread + "&limit=2&cursor=" + page1.get("next_cursor").asText()).json();
        var page3 = api.get("/v1/feedback?thread_id=" + thread + "&limit=2&cursor=" + page2.get("next_cursor").asText()).json();
        var ups = api.get("/v1/feedback?thread_id=" + thread + "&label=thumbs_up&metadata.prompt_version=v0").json();

        assertEquals(2, page1.get("items").size());
        assertEquals(2, page2.get("items").size());
        assertEquals(1, page3.get("items").size());
        assertTrue(page3.get("next_cursor").isNull());
        assertEquals("m4", page1.get("items").get(0).get("message_id").asText(), "newest first");
        assertNotEquals(page1.get("items").get(1).get("id"), page2.get("items").get(0).get("id"));
        assertEquals(3, ups.get("items").size());
        assertEquals(400, api.get("/v1/feedback?cursor=not-a-cursor").status());
        assertEquals(422, api.get("/v1/feedback?limit=0").status());
        assertEquals(422, api.get("/v1/feedback?colour=red").status());
    }
}
