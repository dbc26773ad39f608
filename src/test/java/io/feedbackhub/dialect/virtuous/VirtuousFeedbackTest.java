package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The five VirtuousAI operations (seed 002) on both stores, each exchange checked against contracts/virtuous.yaml. */
@HubTest
class VirtuousFeedbackTest {
    @Parameter
    TestHub hub;
    Api nativeApi;
    VirtuousClient virtuous;
    String keyId;

    @BeforeParameterizedClassInvocation
    void start() {
        nativeApi = hub.api;
        virtuous = VirtuousClient.of(hub.api);
        keyId = hub.hub().keys().authenticate(TestHub.SECRET_KEY).orElseThrow().keyId();
    }

    JsonNode aReaction(String threadId) {
        var created = virtuous.post("/api/v1/feedback", aThumbsUp(threadId, uuid())).conforms();
        assertEquals(200, created.status(), created.response()::toString);
        return created.json();
    }

    List<JsonNode> threadReactions(String threadId) {
        var listed = virtuous.get("/api/v1/feedback/threads/" + threadId + "/reactions").conforms();
        assertEquals(200, listed.status());
        var items = new ArrayList<JsonNode>();
        listed.json().forEach(items::add);
        return items;
    }

    List<JsonNode> nativeItemsOfThread(String threadId) {
        var items = new ArrayList<JsonNode>();
        nativeApi.get("/v1/feedback?thread_id=" + threadId).json().get("items").forEach(items::add);
        return items;
    }

    @Test
    void a_reaction_is_created_with_the_full_item_and_status_200() {
        var thread = uuid();
        var message = uuid();
        var turn = uuid();
        var key = uuid();
        var body = """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_down",
                 "threadId": "%s", "turnId": "%s", "comment": "wrong refund policy", "reasons": ["incorrect", "outdated"],
                 "sourceSurface": "sidebar"}""".formatted(key, message, thread, turn);

        var created = virtuous.post("/api/v1/feedback", body).conforms();

        assertEquals(200, created.status());
        var item = created.json();
        assertEquals(List.of("clientFeedbackId", "comment", "createdAt", "id", "kind", "messageId", "reaction", "reasons",
                "sourceSurface", "tenantId", "threadId", "turnId", "updatedAt", "userId"), fieldNames(item));
        assertEquals(key, item.get("clientFeedbackId").asText());
        assertEquals("wrong refund policy", item.get("comment").asText());
        assertEquals("message_reaction", item.get("kind").asText());
        assertEquals(message, item.get("messageId").asText());
        assertEquals("thumbs_down", item.get("reaction").asText());
        assertEquals("[\"incorrect\",\"outdated\"]", item.get("reasons").toString());
        assertEquals("sidebar", item.get("sourceSurface").asText());
        assertEquals(hub.defaultTenantId(), item.get("tenantId").asText());
        assertEquals(thread, item.get("threadId").asText());
        assertEquals(turn, item.get("turnId").asText());
        assertEquals(keyId, item.get("userId").asText());
        assertEquals(item.get("createdAt"), item.get("updatedAt"));
    }

    @Test
    void optional_fields_take_the_seeds_defaults_and_read_back_as_null() {
        var created = virtuous.post("/api/v1/feedback", aThumbsUp(uuid(), uuid())).conforms();

        var item = created.json();
        assertEquals("chat_message", item.get("sourceSurface").asText(), "the seed's default surface");
        assertTrue(item.get("comment").isNull());
        assertTrue(item.get("reasons").isNull());
        assertTrue(item.get("turnId").isNull());
    }

    @Test
    void a_reaction_written_here_is_visible_through_the_native_api() {
        var thread = uuid();
        var turn = uuid();
        var body = """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s", "turnId": "%s", "reasons": ["clear"]}""".formatted(uuid(), uuid(), thread, turn);
        var item = virtuous.post("/api/v1/feedback", body).conforms().json();

        var read = nativeApi.get("/v1/feedback/" + item.get("id").asText());

        assertEquals(200, read.status(), read.body());
        var f = read.json();
        assertEquals("message_reaction", f.get("name").asText());
        assertEquals("thumbs_up", f.get("label").asText());
        assertEquals(1.0, f.get("score").asDouble(), "a thumbs up scores 1");
        assertEquals(thread, f.get("thread_id").asText());
        assertEquals(item.get("messageId").asText(), f.get("message_id").asText());
        assertEquals(turn, f.get("turn_id").asText());
        assertEquals("chat_message", f.get("source_surface").asText());
        assertEquals(keyId, f.get("author_id").asText());
        assertEquals("user", f.get("source").asText());
        assertEquals(item.get("clientFeedbackId").asText(), f.get("client_feedback_id").asText());
        assertEquals("[\"clear\"]", f.get("reasons").toString());
        assertEquals(List.of(item.get("id").asText()), nativeItemsOfThread(thread).stream().map(n -> n.get("id").asText()).toList());
        assertEquals(200, nativeApi.get("/v1/threads/" + thread).status(), "the thread was registered by the write");
    }

    @Test
    void ids_in_any_spelling_pydantic_accepts_are_kept_in_canonical_form() {
        var thread = uuid();
        var message = uuid();
        var body = aThumbsUp("{" + thread.toUpperCase() + "}", message.replace("-", ""));

        var item = virtuous.post("/api/v1/feedback", body).json();

        assertEquals(thread, item.get("threadId").asText());
        assertEquals(message, item.get("messageId").asText());
        assertEquals(1, threadReactions(thread).size());
    }

    @Test
    void a_retried_create_returns_the_original_and_writes_nothing_new() {
        var thread = uuid();
        var body = aThumbsUp(thread, uuid());
        var first = virtuous.post("/api/v1/feedback", body).conforms().json();

        var retry = virtuous.post("/api/v1/feedback", body).conforms();

        assertEquals(200, retry.status());
        assertEquals(first, retry.json());
        var stored = nativeItemsOfThread(thread);
        assertEquals(1, stored.size());
        assertEquals(1, stored.get(0).get("revision").asInt(), "the retry wrote no new revision");
    }

    @Test
    void a_retry_with_another_payload_under_the_same_client_feedback_id_is_409_and_changes_nothing() {
        var thread = uuid();
        var body = aThumbsUp(thread, uuid());
        var first = virtuous.post("/api/v1/feedback", body).json();

        var conflicting = virtuous.post("/api/v1/feedback", body.replace("thumbs_up", "thumbs_down"));

        conflicting.answersUndocumented(409, null);
        assertTrue(conflicting.json().get("detail").asText().contains("clientFeedbackId"), conflicting.response()::toString);
        assertEquals(first, virtuous.get("/api/v1/feedback/" + first.get("id").asText()).json());
        assertEquals(1, nativeItemsOfThread(thread).size());
    }

    @Test
    void a_users_second_reaction_to_the_same_message_updates_the_same_item() {
        var thread = uuid();
        var message = uuid();
        var first = virtuous.post("/api/v1/feedback", aThumbsUp(thread, message)).json();

        var second = virtuous.post("/api/v1/feedback", aThumbsUp(thread, message).replace("thumbs_up", "thumbs_down")).conforms();

        assertEquals(200, second.status());
        assertEquals(first.get("id"), second.json().get("id"));
        assertEquals("thumbs_down", second.json().get("reaction").asText());
        assertEquals(first.get("createdAt"), second.json().get("createdAt"));
        assertEquals(1, threadReactions(thread).size());
        var history = nativeApi.get("/v1/feedback/" + first.get("id").asText() + "/history").json().get("items");
        assertEquals(2, history.size(), "the earlier reaction is kept in the history");
    }

    @Test
    void tenant_and_user_come_from_the_credentials_whatever_the_body_says() {
        var body = aThumbsUp(uuid(), uuid()).replace("{", """
                {"tenantId": "f97df110-f4de-492e-8849-4a6af68026b0", "userId": "2c4a230c-5085-4924-a3e1-25fb4fc5965b",""");

        var created = virtuous.post("/api/v1/feedback", body).conforms();

        assertEquals(200, created.status());
        assertEquals(hub.defaultTenantId(), created.json().get("tenantId").asText());
        assertEquals(keyId, created.json().get("userId").asText());
        var id = created.json().get("id").asText();
        assertEquals(keyId, nativeApi.get("/v1/feedback/" + id).json().get("author_id").asText());
    }

    @Test
    void one_item_is_read_by_its_id() {
        var created = aReaction(uuid());

        var read = virtuous.get("/api/v1/feedback/" + created.get("id").asText()).conforms();

        assertEquals(200, read.status());
        assertEquals(created, read.json());
    }

    @Test
    void a_thread_lists_its_live_reactions_oldest_first() {
        var thread = uuid();
        var a = aReaction(thread);
        var b = aReaction(thread);
        aReaction(uuid());

        var listed = threadReactions(thread);

        assertEquals(List.of(a, b), listed);
    }

    /** A score-only record (no label) given through another door is not a reaction: left out, never a 500. */
    @Test
    void a_thread_lists_its_reactions_around_feedback_without_a_label_from_another_door() {
        var thread = uuid();
        var reaction = aReaction(thread);
        assertEquals(201, hub.api.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "%s", "name": "accuracy", "score": 0.7}""".formatted(thread, uuid())).status());

        var listed = threadReactions(thread);

        assertEquals(List.of(reaction), listed);
    }

    @Test
    void an_unknown_thread_has_no_reactions() {
        assertEquals(List.of(), threadReactions(uuid()));
    }

    @Test
    void a_thread_lists_only_the_callers_tenants_reactions() {
        var thread = uuid();
        var mine = aReaction(thread);
        var other = VirtuousClient.of(hub.otherTenant());
        var theirs = other.post("/api/v1/feedback", aThumbsUp(thread, uuid())).conforms().json();

        var listed = threadReactions(thread);

        assertEquals(List.of(mine), listed);
        var theirList = other.get("/api/v1/feedback/threads/" + thread + "/reactions").conforms().json();
        assertEquals(1, theirList.size());
        assertEquals(theirs, theirList.get(0));
        assertNotEquals(mine.get("tenantId"), theirs.get("tenantId"));
    }

    @Test
    void a_patch_changes_the_given_fields_and_keeps_the_absent_ones() {
        var created = virtuous.post("/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s", "comment": "nice", "reasons": ["clear"]}""".formatted(uuid(), uuid(), uuid())).json();
        var path = "/api/v1/feedback/" + created.get("id").asText();

        var patched = virtuous.patch(path, """
                {"kind": "message_reaction", "reaction": "thumbs_down", "reasons": ["incorrect"]}""").conforms();

        assertEquals(200, patched.status());
        var item = patched.json();
        assertEquals("thumbs_down", item.get("reaction").asText());
        assertEquals("[\"incorrect\"]", item.get("reasons").toString());
        assertEquals("nice", item.get("comment").asText(), "absent keeps");
        assertEquals(created.get("id"), item.get("id"));
        assertEquals(created.get("createdAt"), item.get("createdAt"));
        assertEquals(item, virtuous.get(path).json());
        var f = nativeApi.get("/v1/feedback/" + created.get("id").asText()).json();
        assertEquals(0.0, f.get("score").asDouble(), "the new reaction's score, not the old one's");
        assertEquals(2, f.get("revision").asInt());
    }

    @Test
    void in_a_patch_null_clears_comment_and_reasons_but_keeps_the_reaction() {
        var created = virtuous.post("/api/v1/feedback", """
                {"clientFeedbackId": "%s", "kind": "message_reaction", "messageId": "%s", "reaction": "thumbs_up",
                 "threadId": "%s", "comment": "nice", "reasons": ["clear"]}""".formatted(uuid(), uuid(), uuid())).json();
        var path = "/api/v1/feedback/" + created.get("id").asText();

        var patched = virtuous.patch(path, """
                {"kind": "message_reaction", "comment": null, "reasons": null, "reaction": null}""").conforms();

        assertEquals(200, patched.status());
        assertTrue(patched.json().get("comment").isNull());
        assertTrue(patched.json().get("reasons").isNull());
        assertEquals("thumbs_up", patched.json().get("reaction").asText());
    }

    @Test
    void a_deleted_reaction_is_gone_from_reads_and_from_its_thread() {
        var thread = uuid();
        var kept = aReaction(thread);
        var removed = aReaction(thread);
        var path = "/api/v1/feedback/" + removed.get("id").asText();

        var deleted = virtuous.delete(path).conforms();

        assertEquals(204, deleted.status());
        assertEquals("", deleted.response().body());
        assertNull(deleted.response().header("Content-Type"), "an empty answer describes no content");
        virtuous.get(path).answersUndocumented(404, "Not Found");
        assertEquals(List.of(kept), threadReactions(thread));
        assertEquals(404, nativeApi.get("/v1/feedback/" + removed.get("id").asText()).status());
        virtuous.delete(path).answersUndocumented(404, "Not Found");
    }

    @Test
    void another_tenants_item_cannot_be_read_changed_or_deleted() {
        var created = aReaction(uuid());
        var path = "/api/v1/feedback/" + created.get("id").asText();
        var other = VirtuousClient.of(hub.otherTenant());

        other.get(path).answersUndocumented(404, "Not Found");
        other.patch(path, "{\"kind\": \"message_reaction\", \"reaction\": \"thumbs_down\"}").answersUndocumented(404, "Not Found");
        other.delete(path).answersUndocumented(404, "Not Found");

        assertEquals(created, virtuous.get(path).json());
    }

    @Test
    void native_feedback_without_the_items_required_values_is_not_shown_here() {
        var thread = uuid();
        var nativeOnly = nativeApi.post("/v1/feedback", """
                {"thread_id": "%s", "message_id": "m-1", "label": "thumbs_up", "author_id": "u-1"}""".formatted(thread)).json();
        var listed = threadReactions(thread);

        assertEquals(List.of(), listed);
        virtuous.get("/api/v1/feedback/" + nativeOnly.get("id").asText()).answersUndocumented(404, "Not Found");
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
