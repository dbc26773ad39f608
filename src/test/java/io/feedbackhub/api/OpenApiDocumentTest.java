package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.auth.Role;
import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import io.javalin.Javalin;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /openapi.json tells the truth: every native route the server registers is in it, and real requests through
 * every documented operation (happy paths and the main failures) produce responses that the document, as the
 * server serves it, describes. Where a request is deliberately bad, the document must call it bad too.
 */
@HubTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDocumentTest {
    private static final String ORIGIN = "https://app.example";

    @Parameter
    TestHub hub;
    Api api;
    Api admin;
    Api browser;
    OpenApiContract contract;
    /** metadata.<key> filters cannot be declared in OpenAPI (see x-query-parameter-patterns); only they get this. */
    OpenApiContract withMetadataFilters;
    JsonNode document;
    final Set<String> exercised = ConcurrentHashMap.newKeySet();

    /**
     * Per store, not @BeforeAll: a PER_CLASS @BeforeAll runs once, before the store is injected, so every
     * invocation would get the same (SQLite) hub.
     */
    @BeforeParameterizedClassInvocation
    void start() {
        exercised.clear();
        api = hub.api;
        admin = api.withKey(TestHub.ADMIN_KEY);
        browser = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(ORIGIN)));
        var served = api.withKey(null).get("/openapi.json");
        assertEquals(200, served.status(), served.body());
        document = served.json();
        contract = OpenApiContract.parse("/openapi.json as served", served.body());
        withMetadataFilters = contract.ignoring("validation.request.parameter.query.unexpected");
    }

    static String thumbs(String message, String author, String label) {
        return """
                {"message_id": "%s", "author_id": "%s", "label": "%s"}""".formatted(message, author, label);
    }

    // ---------------------------------------------------------------- the document and its page

    @Test
    void the_document_is_served_as_openapi_3_1_and_describes_its_own_route() {
        var served = exchange(api.withKey(null), "GET", "/openapi.json", null);

        assertEquals("application/json", served.header("Content-Type"));
        assertEquals("3.1.0", served.json().get("openapi").asText());
        assertEquals(document, served.json(), "read once, the same on every request");
    }

    @Test
    void the_docs_page_is_self_contained_html_that_renders_the_document() {
        var page = exchange(api.withKey(null), "GET", "/docs", null);

        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.body().contains("fetch(\"/openapi.json\""), "the page reads the served document");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//", Pattern.CASE_INSENSITIVE).matcher(page.body()).find(),
                "no CDN or other external asset: nodes often have no internet");
        assertFalse(page.body().contains("<link"), "styles are inline");
    }

    @Test
    void every_route_the_server_serves_is_documented_and_every_documented_route_is_served() {
        var served = servedRoutes();

        var documented = documentedOperations();

        assertEquals(new TreeSet<>(documented), new TreeSet<>(served), "documented (left) vs registered by the server (right)");
    }

    @Test
    void the_document_is_strict_enough_to_catch_a_response_it_does_not_describe() {
        var feedback = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up"));
        var json = Map.of("Content-Type", "application/json");
        var problem = Map.of("Content-Type", "application/problem+json");

        var extraMember = contract.violations("GET", "/v1/feedback/x", Map.of("Authorization", "Bearer k"), null,
                200, json, feedback.body().replaceFirst("\\{", "{\"tenant_id\": \"t\", "));
        var problemWithoutTitle = contract.violations("GET", "/v1/feedback/x", Map.of("Authorization", "Bearer k"), null,
                404, problem, "{\"type\": \"about:blank\", \"status\": 404, \"detail\": \"feedback x not found\"}");
        var undocumentedStatus = contract.violations("DELETE", "/v1/feedback/x", Map.of("Authorization", "Bearer k"), null,
                200, json, "{}");

        assertTrue(extraMember.toString().contains("additionalProperties"), extraMember::toString);
        assertTrue(problemWithoutTitle.toString().contains("required"), problemWithoutTitle::toString);
        assertTrue(undocumentedStatus.toString().contains("validation.response.status.unknown"), undocumentedStatus::toString);
    }

    // ---------------------------------------------------------------- feedback writes

    @Test
    void a_create_an_update_of_the_slot_a_replay_and_a_conflict_are_documented() {
        var message = unique("m");
        var key = UUID.randomUUID().toString();
        var full = """
                {"agent_id": "doc-agent", "thread_id": "doc-thread", "message_id": "%s", "turn_id": "turn-1",
                 "content_id": "chunk-1", "name": "helpfulness", "label": "thumbs_down", "comment": "wrong",
                 "reasons": ["incorrect"], "correction": "5 days", "data": {"ui": {"x": 1}},
                 "query_category": "billing", "source_surface": "chat", "author_id": "u-1", "source": "user",
                 "client_feedback_id": "%s", "metadata": {"model": "gpt-x"}}""".formatted(message, key);

        var created = exchange(api, "POST", "/v1/feedback", full);
        var replayed = exchange(api, "POST", "/v1/feedback", full);
        var conflict = exchange(api, "POST", "/v1/feedback", full.replace("\"wrong\"", "\"other\""));
        var updated = exchange(api, "POST", "/v1/feedback", """
                {"agent_id": "doc-agent", "thread_id": "doc-thread", "message_id": "%s", "content_id": "chunk-1",
                 "name": "helpfulness", "author_id": "u-1", "score": 0.5, "source": null}""".formatted(message));

        assertEquals(201, created.status(), created.body());
        assertEquals(200, replayed.status());
        assertEquals(created.json(), replayed.json());
        assertEquals(409, conflict.status());
        assertEquals(200, updated.status());
        assertEquals(2, updated.json().get("revision").asInt());
    }

    @Test
    void the_key_may_come_in_x_api_key_and_a_publishable_key_writes_from_its_origin() {
        var viaHeader = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), "u-1", "thumbs_up"),
                "X-API-Key", TestHub.SECRET_KEY);
        var fromBrowser = exchange(browser, "POST", "/v1/feedback", thumbs(unique("m"), "u-2", "thumbs_up"),
                "Origin", ORIGIN);

        assertEquals(201, viaHeader.status(), viaHeader.body());
        assertEquals(201, fromBrowser.status(), fromBrowser.body());
    }

    @Test
    void a_batch_answers_every_item_in_its_place_as_documented() {
        var existing = unique("m");
        var key = UUID.randomUUID().toString();
        exchange(api, "POST", "/v1/feedback", thumbs(existing, "u-1", "thumbs_up"));
        exchange(api, "POST", "/v1/feedback", """
                {"message_id": "%s", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(unique("m"), key));

        var written = exchange(api, "POST", "/v1/feedback/batch", """
                {"items": [%s, %s]}""".formatted(thumbs(unique("m"), "u-1", "thumbs_up"), thumbs(existing, "u-1", "thumbs_down")));
        var mixed = refusedByTheDocumentToo(api, "POST", "/v1/feedback/batch", """
                {"items": [%s, {"message_id": 7, "label": "thumbs_up"},
                           {"message_id": "%s", "label": "thumbs_down", "client_feedback_id": "%s"}]}"""
                .formatted(thumbs(unique("m"), "u-1", "thumbs_up"), unique("m"), key));
        var empty = exchange(api, "POST", "/v1/feedback/batch", "{\"items\": []}");

        assertEquals(200, written.status(), written.body());
        assertEquals("[201,200]", statuses(written));
        assertEquals(200, mixed.status(), mixed.body());
        assertEquals("[201,422,409]", statuses(mixed));
        assertEquals(0, empty.json().get("results").size());
    }

    private static String statuses(Api.Response batch) {
        var out = new ArrayList<Integer>();
        batch.json().get("results").forEach(r -> out.add(r.get("status").asInt()));
        return out.toString().replace(" ", "");
    }

    // ---------------------------------------------------------------- feedback reads

    @Test
    void reading_listing_with_filters_and_pages_and_history_are_documented() {
        var message = unique("m");
        var first = exchange(api, "POST", "/v1/feedback", """
                {"message_id": "%s", "author_id": "a", "label": "thumbs_up", "metadata": {"model": "m-1"}}""".formatted(message));
        exchange(api, "POST", "/v1/feedback", """
                {"message_id": "%s", "author_id": "b", "score": 0.25, "source": "model", "metadata": {"model": "m-1"}}""".formatted(message));
        var id = first.json().get("id").asText();
        exchange(api, "PATCH", "/v1/feedback/" + id, "{\"comment\": \"second thoughts\"}");

        var one = exchange(api, "GET", "/v1/feedback/" + id, null);
        var page1 = exchange(withMetadataFilters, api, "GET", "/v1/feedback?message_id=" + message + "&metadata.model=m-1&limit=1", null);
        var page2 = exchange(withMetadataFilters, api, "GET", "/v1/feedback?message_id=" + message + "&metadata.model=m-1&limit=1&cursor="
                + page1.json().get("next_cursor").asText(), null);
        var filtered = exchange(api, "GET", "/v1/feedback?name=reaction&label=thumbs_up&score_min=0&score_max=1&author_id=a"
                + "&source=api&agent_id=none&thread_id=none&trace_id=none&content_id=none"
                + "&created_from=2020-01-01T00:00:00Z&created_to=2100-01-01T00:00:00Z", null);
        var history = exchange(api, "GET", "/v1/feedback/" + id + "/history", null);

        assertEquals(200, one.status());
        assertEquals(1, page1.json().get("items").size());
        assertEquals(1, page2.json().get("items").size());
        assertTrue(page2.json().get("next_cursor").isNull());
        assertEquals(0, filtered.json().get("items").size());
        assertEquals(2, history.json().get("items").size());
    }

    @Test
    void missing_and_foreign_feedback_is_a_documented_404() {
        var id = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up")).json().get("id").asText();
        var other = hub.otherTenant();

        var foreign = exchange(other, "GET", "/v1/feedback/" + id, null);
        var missing = exchange(api, "GET", "/v1/feedback/" + UUID.randomUUID(), null);
        var noHistory = exchange(api, "GET", "/v1/feedback/not-an-id/history", null);

        assertEquals(404, foreign.status());
        assertEquals(404, missing.status());
        assertEquals(404, noHistory.status());
    }

    // ---------------------------------------------------------------- feedback changes

    @Test
    void patch_delete_and_purge_are_documented() {
        var author = unique("author");
        var id = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), author, "thumbs_up")).json().get("id").asText();
        exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), author, "thumbs_down"));

        var patched = exchange(api, "PATCH", "/v1/feedback/" + id, """
                {"label": null, "score": 0.9, "comment": "c", "reasons": ["r"], "correction": null, "data": {"k": true},
                 "query_category": "q", "source_surface": null, "metadata": {"locale": "de"}}""");
        var deleted = exchange(api, "DELETE", "/v1/feedback/" + id, null);
        var deletedAgain = exchange(api, "DELETE", "/v1/feedback/" + id, null);
        var patchGone = exchange(api, "PATCH", "/v1/feedback/" + id, "{\"comment\": \"late\"}");
        var purged = exchange(api, "POST", "/v1/authors/" + author + "/purge", null);

        assertEquals(200, patched.status(), patched.body());
        assertEquals(204, deleted.status());
        assertEquals(404, deletedAgain.status());
        assertEquals(404, patchGone.status());
        assertEquals(2, purged.json().get("purged").asInt());
    }

    // ---------------------------------------------------------------- failures

    @Test
    void malformed_json_is_a_documented_400_on_every_body() {
        var id = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up")).json().get("id").asText();

        var answers = List.of(
                refusedByTheDocumentToo(api, "POST", "/v1/feedback", "{\"message_id\": "),
                refusedByTheDocumentToo(api, "POST", "/v1/feedback/batch", "{\"items\": [}"),
                // JSON Schema cannot see duplicate keys (the parser keeps one); the server refuses them as ambiguous.
                exchange(api, "PATCH", "/v1/feedback/" + id, "{\"comment\": \"a\", \"comment\": \"b\"}"),
                refusedByTheDocumentToo(api, "PUT", "/v1/agents/a-1", "not json"),
                refusedByTheDocumentToo(api, "PUT", "/v1/threads/t-1", "{"),
                refusedByTheDocumentToo(api, "PUT", "/v1/messages/m-1", "{"),
                refusedByTheDocumentToo(api, "PUT", "/v1/feedback-configs/c-1", "{"),
                refusedByTheDocumentToo(admin, "POST", "/v1/keys", "{"));

        answers.forEach(r -> assertEquals(400, r.status(), r.body()));
    }

    @Test
    void a_cursor_not_made_by_the_server_is_a_documented_400_on_every_listing() {
        for (var listing : List.of("/v1/feedback", "/v1/agents", "/v1/threads", "/v1/messages")) {
            var r = exchange(api, "GET", listing + "?cursor=made-up", null);

            assertEquals(400, r.status(), listing + ": " + r.body());
        }
    }

    @Test
    void wrong_types_unknown_fields_and_bad_limits_are_a_documented_422_that_the_document_refuses_too() {
        var answers = List.of(
                refusedByTheDocumentToo(api, "POST", "/v1/feedback",
                        "{\"message_id\": 5, \"label\": \"thumbs_up\", \"reasons\": \"slow\", \"rating\": 1}"),
                refusedByTheDocumentToo(api, "POST", "/v1/feedback", "[1, 2]"),
                refusedByTheDocumentToo(api, "POST", "/v1/feedback", "{\"message_id\": \"m\", \"source\": \"robot\", \"comment\": \"x\"}"),
                refusedByTheDocumentToo(api, "POST", "/v1/feedback/batch", "{\"entries\": []}"),
                refusedByTheDocumentToo(api, "POST", "/v1/feedback/batch", "{\"items\": [" + "{},".repeat(1000) + "{}]}"),
                refusedByTheDocumentToo(api, "PATCH", "/v1/feedback/" + UUID.randomUUID(), "{\"name\": \"renamed\"}"),
                refusedByTheDocumentToo(api, "GET", "/v1/feedback?limit=0", null),
                refusedByTheDocumentToo(api, "GET", "/v1/feedback?score_min=high", null),
                refusedByTheDocumentToo(api, "GET", "/v1/feedback?not_a_filter=1", null),
                refusedByTheDocumentToo(api, "GET", "/v1/agents?limit=1001", null),
                refusedByTheDocumentToo(api, "GET", "/v1/threads?limit=x", null),
                refusedByTheDocumentToo(api, "GET", "/v1/messages?limit=-1", null),
                refusedByTheDocumentToo(api, "PUT", "/v1/agents/a-bad", "{\"name\": 1}"),
                refusedByTheDocumentToo(api, "PUT", "/v1/threads/t-bad", "{\"agent_id\": \"\"}"),
                refusedByTheDocumentToo(api, "PUT", "/v1/messages/m-bad", "{\"thread_id\": 5, \"extra\": true}"),
                refusedByTheDocumentToo(api, "PUT", "/v1/feedback-configs/c-bad", "{\"type\": \"stars\"}"),
                refusedByTheDocumentToo(admin, "POST", "/v1/keys", "{\"role\": \"publishable\"}"),
                refusedByTheDocumentToo(admin, "POST", "/v1/keys", "{\"role\": \"root\"}"));

        answers.forEach(r -> assertEquals(422, r.status(), r.body()));
    }

    @Test
    void rules_beyond_one_field_are_a_documented_422() {
        var answers = List.of(
                exchange(api, "POST", "/v1/feedback", "{\"label\": \"thumbs_up\"}"),
                exchange(api, "POST", "/v1/feedback", "{\"message_id\": \"m\"}"),
                exchange(api, "GET", "/v1/feedback?score_min=2&score_max=1", null),
                exchange(withMetadataFilters, api, "GET", "/v1/feedback?metadata.bad%20key=1", null),
                exchange(api, "PUT", "/v1/feedback-configs/c-cat", "{\"type\": \"categorical\"}"));

        answers.forEach(r -> assertEquals(422, r.status(), r.body()));
    }

    @Test
    void a_body_over_the_size_limit_is_a_documented_413() {
        var huge = "{\"message_id\": \"m\", \"label\": \"thumbs_up\", \"data\": {\"blob\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}}";

        var r = exchange(api, "POST", "/v1/feedback", huge);

        assertEquals(413, r.status(), r.body());
    }

    @Test
    void a_missing_or_unknown_key_is_a_documented_401() {
        var none = refusedByTheDocumentToo(api.withKey(null), "GET", "/v1/feedback", null);
        var unknown = exchange(api.withKey("fh_secret_not-a-real-key-at-all"), "POST", "/v1/feedback",
                thumbs(unique("m"), "u", "thumbs_up"));

        assertEquals(401, none.status());
        assertEquals(401, unknown.status());
    }

    @Test
    void a_publishable_key_reading_or_off_its_origins_and_a_secret_key_managing_keys_are_a_documented_403() {
        var id = exchange(api, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up")).json().get("id").asText();

        var answers = List.of(
                exchange(browser, "GET", "/v1/feedback", null, "Origin", ORIGIN),
                exchange(browser, "GET", "/v1/feedback/" + id, null, "Origin", ORIGIN),
                exchange(browser, "GET", "/v1/agents", null, "Origin", ORIGIN),
                exchange(browser, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up"), "Origin", "https://evil.example"),
                exchange(browser, "POST", "/v1/feedback", thumbs(unique("m"), "u", "thumbs_up")),
                exchange(api, "GET", "/v1/keys", null),
                exchange(api, "POST", "/v1/keys", "{\"role\": \"secret\"}"));

        answers.forEach(r -> assertEquals(403, r.status(), r.body()));
    }

    // ---------------------------------------------------------------- registry

    @Test
    void the_registry_is_documented() {
        var agent = exchange(api, "PUT", "/v1/agents/doc-bot", """
                {"name": "Doc bot", "description": "answers", "metadata": {"team": "care"}}""");
        var thread = exchange(api, "PUT", "/v1/threads/doc-t-1", "{\"agent_id\": \"doc-bot\", \"title\": \"refunds\", \"metadata\": null}");
        exchange(api, "PUT", "/v1/threads/doc-t-2", "{\"agent_id\": \"doc-bot\"}");
        var message = exchange(api, "PUT", "/v1/messages/doc-m-1", """
                {"thread_id": "doc-t-1", "role": "assistant", "prompt": "p", "content": "c", "model": "gpt-x",
                 "metadata": {"prompt_version": "v2"}}""");
        var empty = exchange(api, "PUT", "/v1/messages/doc-m-2", "{}");

        var reads = List.of(
                exchange(api, "GET", "/v1/agents/doc-bot", null),
                exchange(api, "GET", "/v1/threads/doc-t-1", null),
                exchange(api, "GET", "/v1/messages/doc-m-1", null),
                exchange(api, "GET", "/v1/agents?limit=1000", null),
                exchange(api, "GET", "/v1/messages?thread_id=doc-t-1", null));
        var threads1 = exchange(api, "GET", "/v1/threads?agent_id=doc-bot&limit=1", null);
        var threads2 = exchange(api, "GET", "/v1/threads?agent_id=doc-bot&limit=1&cursor=" + threads1.json().get("next_cursor").asText(), null);
        var missing = List.of(
                exchange(api, "GET", "/v1/agents/nobody", null),
                exchange(api, "GET", "/v1/threads/nothing", null),
                exchange(api, "GET", "/v1/messages/never-registered", null));

        List.of(agent, thread, message, empty).forEach(r -> assertEquals(200, r.status(), r.body()));
        reads.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals("doc-t-1", threads1.json().get("items").get(0).get("id").asText());
        assertEquals("doc-t-2", threads2.json().get("items").get(0).get("id").asText());
        missing.forEach(r -> assertEquals(404, r.status(), r.body()));
    }

    @Test
    void review_queues_and_agreement_are_documented() {
        var queue = exchange(api, "POST", "/v1/review-queues", """
                {"name": "doc queue", "form": ["doc-helpfulness"], "reviewers_per_item": 2, "instructions": "judge it", "adjudicate": true}""");
        var id = queue.json().get("id").asText();
        var items = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 12; i++) {
            items.append(i == 0 ? "" : ",").append("{\"message_id\": \"doc-review-").append(i).append("\"}");
        }
        var added = exchange(api, "POST", "/v1/review-queues/" + id + "/items", items.append("]}").toString());
        var firstItem = added.json().get("items").get(0).get("id").asText();
        for (var reviewer : List.of("doc-alice", "doc-bob")) {
            for (int i = 0; i < 12; i++) {
                var claim = exchange(api, "POST", "/v1/review-queues/" + id + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
                assertEquals(200, claim.status(), claim.body());
                var review = exchange(api, "POST", "/v1/review-queues/" + id + "/items/" + claim.json().get("item").get("id").asText() + "/reviews",
                        "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"doc-helpfulness\", \"label\": \""
                                + (i % 3 == 0 ? "bad" : "good") + "\", \"comment\": \"fine\"}]}");
                assertEquals(201, review.status(), review.body());
            }
        }
        var second = exchange(api, "POST", "/v1/review-queues", "{\"name\": \"doc queue 2\", \"form\": [\"doc-helpfulness\"]}");
        var secondId = second.json().get("id").asText();
        var secondItem = exchange(api, "POST", "/v1/review-queues/" + secondId + "/items", "{\"items\": [{\"trace_id\": \"doc-trace\"}]}")
                .json().get("items").get(0).get("id").asText();
        exchange(api, "POST", "/v1/review-queues/" + secondId + "/next", "{\"reviewer_id\": \"doc-carol\"}");
        var release = exchange(api, "POST", "/v1/review-queues/" + secondId + "/items/" + secondItem + "/release", "{\"reviewer_id\": \"doc-carol\"}");
        exchange(api, "POST", "/v1/review-queues/" + secondId + "/next", "{\"reviewer_id\": \"doc-carol\"}");
        var skip = exchange(api, "POST", "/v1/review-queues/" + secondId + "/items/" + secondItem + "/skip", "{\"reviewer_id\": \"doc-carol\"}");
        var lost = exchange(api, "POST", "/v1/review-queues/" + secondId + "/items/" + secondItem + "/skip", "{\"reviewer_id\": \"doc-carol\"}");
        var nothing = exchange(api, "POST", "/v1/review-queues/" + secondId + "/next", "{\"reviewer_id\": \"doc-carol\"}");

        var reads = List.of(
                exchange(api, "GET", "/v1/review-queues", null),
                exchange(api, "GET", "/v1/review-queues/" + id, null),
                exchange(api, "GET", "/v1/review-queues/" + id + "/disagreements?name=doc-helpfulness", null),
                exchange(api, "POST", "/v1/review-queues/" + id + "/items/" + firstItem + "/resolution",
                        "{\"adjudicator_id\": \"doc-dan\", \"name\": \"doc-helpfulness\", \"label\": \"bad\"}"),
                exchange(api, "GET", "/v1/review-queues/" + id + "/items/" + firstItem, null),
                exchange(api, "GET", "/v1/review-queues/" + id + "/agreement?name=doc-helpfulness", null),
                exchange(api, "GET", "/v1/review-queues/" + secondId + "/agreement?name=doc-helpfulness", null),
                exchange(api, "GET", "/v1/stats/agreement?name=doc-helpfulness&source=reviewer", null),
                exchange(api, "GET", "/v1/stats/judge?name=doc-helpfulness&judge_source=reviewer", null));
        List.of(queue, second).forEach(r -> assertEquals(201, r.status(), r.body()));
        assertEquals(201, added.status(), added.body());
        reads.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(List.of(204, 204, 409, 204), List.of(release.status(), skip.status(), lost.status(), nothing.status()));
    }

    @Test
    void pairwise_queues_and_filters_are_documented() {
        var pairwise = exchange(api, "POST", "/v1/review-queues", "{\"name\": \"doc pairs\", \"kind\": \"pairwise\", \"form\": [\"doc-preference\"]}");
        var pairwiseId = pairwise.json().get("id").asText();
        var pair = exchange(api, "POST", "/v1/review-queues/" + pairwiseId + "/items", "{\"items\": [{\"pair\": [\"doc-a\", \"doc-b\"]}]}");
        var single = exchange(api, "POST", "/v1/review-queues", "{\"name\": \"doc filtered\", \"form\": [\"doc-helpfulness\"]}");
        var singleId = single.json().get("id").asText();
        var filter = exchange(api, "POST", "/v1/review-queues/" + singleId + "/filters",
                "{\"feedback\": {\"name\": \"doc-helpfulness\"}, \"sample\": {\"rate\": 0.5, \"seed\": \"doc\"}, \"live\": true}");
        var filters = exchange(api, "GET", "/v1/review-queues/" + singleId + "/filters", null);
        var rates = exchange(api, "GET", "/v1/review-queues/" + pairwiseId + "/win-rates?name=doc-preference", null);
        var stop = exchange(api, "DELETE", "/v1/review-queues/" + singleId + "/filters/" + filter.json().get("filter").get("id").asText(), null);

        List.of(pairwise, pair, single, filter).forEach(r -> assertEquals(201, r.status(), r.body()));
        List.of(filters, rates).forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(204, stop.status(), stop.body());
    }

    @Test
    void the_contents_registry_is_documented() {
        var put = exchange(api, "PUT", "/v1/contents/doc-chunk-1", """
                {"title": "Refund policy", "source_url": "https://kb.example.com/refunds", "metadata": {"collection": "kb"}}""");
        var bare = exchange(api, "PUT", "/v1/contents/doc-chunk-2", "{}");

        var reads = List.of(
                exchange(api, "GET", "/v1/contents/doc-chunk-1", null),
                exchange(api, "GET", "/v1/contents?limit=1000", null),
                exchange(api, "GET", "/v1/contents?ids=doc-chunk-1,doc-chunk-2,unknown", null));
        var bad = exchange(api, "PUT", "/v1/contents/doc-chunk-3", "{\"source_url\": \"ftp://example.com/x\"}");
        var missing = exchange(api, "GET", "/v1/contents/nothing", null);

        List.of(put, bare).forEach(r -> assertEquals(200, r.status(), r.body()));
        reads.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(2, reads.get(2).json().get("items").size());
        assertEquals(422, bad.status(), bad.body());
        assertEquals(404, missing.status(), missing.body());
    }

    @Test
    void search_is_documented() {
        var word = unique("searchable");
        exchange(api, "PUT", "/v1/messages/" + word, "{\"thread_id\": \"t-" + word + "\", \"content\": \"A " + word + " answer\"}");
        exchange(api, "POST", "/v1/feedback", "{\"message_id\": \"" + word + "\", \"label\": \"thumbs_up\", \"comment\": \"" + word + "\"}");

        var first = exchange(api, "GET", "/v1/search?q=" + word + "&limit=1", null);
        var second = exchange(api, "GET", "/v1/search?q=" + word + "&limit=1&cursor=" + first.json().get("next_cursor").asText(), null);
        var filtered = exchange(api, "GET", "/v1/search?q=" + word + "&agent_id=a&thread_id=t-" + word
                + "&created_from=2020-01-01T00:00:00Z&created_to=2100-01-01T00:00:00Z", null);
        var badCursor = exchange(api, "GET", "/v1/search?q=" + word + "&cursor=" + word, null);
        var noWords = exchange(api, "GET", "/v1/search?q=%3F%3F", null);

        List.of(first, second, filtered).forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(1, second.json().get("items").size(), second.body());
        assertTrue(second.json().get("next_cursor").isNull(), second.body());
        List.of(badCursor, noWords).forEach(r -> assertEquals(400, r.status(), r.body()));
    }

    @Test
    void the_context_settings_are_documented() {
        var read = exchange(api, "GET", "/v1/settings/context", null);
        var set = exchange(admin, "PUT", "/v1/settings/context", "{\"keep_if_judged\": true, \"window_seconds\": 3600}");
        var bad = refusedByTheDocumentToo(admin, "PUT", "/v1/settings/context", "{\"keep_if_judged\": true, \"window_seconds\": 1}");
        var off = exchange(admin, "PUT", "/v1/settings/context", "{\"keep_if_judged\": false}");

        List.of(read, set, off).forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(3600, set.json().get("window_seconds").asInt());
        assertEquals(422, bad.status(), bad.body());
    }

    // ---------------------------------------------------------------- feedback configs

    @Test
    void feedback_configs_are_documented_and_a_write_breaking_one_is_a_documented_422() {
        var name = "stars-" + hub.kind().name().toLowerCase(Locale.ROOT);

        var put = exchange(api, "PUT", "/v1/feedback-configs/" + name, """
                {"type": "numeric", "min": 1, "max": 5, "labels": null, "allowed_reasons": ["slow"], "description": "1 to 5"}""");
        var reaction = exchange(api, "PUT", "/v1/feedback-configs/thumbs-" + name, "{\"type\": \"reaction\"}");
        var read = exchange(api, "GET", "/v1/feedback-configs/" + name, null);
        var listed = exchange(api, "GET", "/v1/feedback-configs", null);
        var breaking = exchange(api, "POST", "/v1/feedback", """
                {"message_id": "%s", "name": "%s", "score": 9, "reasons": ["fast"]}""".formatted(unique("m"), name));
        var removed = exchange(api, "DELETE", "/v1/feedback-configs/" + name, null);
        var gone = exchange(api, "GET", "/v1/feedback-configs/" + name, null);
        var removedAgain = exchange(api, "DELETE", "/v1/feedback-configs/" + name, null);

        assertEquals(200, put.status(), put.body());
        assertEquals("[\"thumbs_up\",\"thumbs_down\",\"flagged\"]", reaction.json().get("labels").toString());
        assertEquals(200, read.status());
        assertTrue(listed.json().get("items").size() >= 2);
        assertEquals(422, breaking.status());
        assertEquals(2, breaking.json().get("errors").size());
        assertEquals(204, removed.status());
        assertEquals(404, gone.status());
        assertEquals(404, removedAgain.status());
    }

    // ---------------------------------------------------------------- keys

    @Test
    void keys_are_issued_listed_and_revoked_as_documented() {
        var issued = exchange(admin, "POST", "/v1/keys", "{\"role\": \"secret\", \"name\": \"ci\"}");
        var publishable = exchange(admin, "POST", "/v1/keys", """
                {"role": "publishable", "name": null, "allowed_origins": ["https://app.example.com"]}""");
        var listed = exchange(admin, "GET", "/v1/keys", null);
        var moved = exchange(admin, "PATCH", "/v1/keys/" + publishable.json().get("id").asText(), "{\"allowed_origins\": [\"https://www.example.com\"]}");
        var revoked = exchange(admin, "DELETE", "/v1/keys/" + issued.json().get("id").asText(), null);
        var revokedAgain = exchange(admin, "DELETE", "/v1/keys/" + issued.json().get("id").asText(), null);
        var listedAfter = exchange(admin, "GET", "/v1/keys", null);

        assertEquals(201, issued.status(), issued.body());
        assertEquals(201, publishable.status(), publishable.body());
        assertTrue(listed.json().get("items").size() >= 4);
        assertEquals(200, moved.status(), moved.body());
        assertEquals(204, revoked.status());
        assertEquals(404, revokedAgain.status());
        assertTrue(listedAfter.body().contains("\"revoked_at\":\""), "a revoked key is listed with revoked_at");
    }

    @Test
    void people_sign_in_invitations_roles_and_removal_are_documented() {
        var email = "doc-" + java.util.UUID.randomUUID() + "@example.com";
        var password = "a long and unusual passphrase";
        var created = exchange(admin, "POST", "/v1/users", "{\"email\": \"" + email + "\", \"name\": \"Ada\", \"role\": \"editor\", \"password\": \"" + password + "\"}");
        var listed = exchange(admin, "GET", "/v1/users", null);
        var login = exchange(admin, "POST", "/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}", "no-auth", "1");
        var me = exchange(admin, "GET", "/v1/me", null);
        var invited = exchange(admin, "POST", "/v1/invitations", "{\"email\": \"invited-" + email + "\", \"role\": \"viewer\"}");
        var accepted = exchange(admin, "POST", "/v1/invitations/" + invited.json().get("invitation").get("token").asText() + "/accept",
                "{\"name\": \"Grace\", \"password\": \"" + password + "\"}", "no-auth", "1");
        var pending = exchange(admin, "GET", "/v1/invitations", null);
        var changed = exchange(admin, "PATCH", "/v1/users/" + accepted.json().get("user").get("id").asText(), "{\"role\": \"editor\"}");
        var logout = exchange(admin, "POST", "/v1/auth/logout", null);
        var removed = exchange(admin, "DELETE", "/v1/users/" + created.json().get("id").asText(), null);

        assertEquals(201, created.status(), created.body());
        assertTrue(listed.body().contains(email), listed.body());
        assertEquals(200, login.status(), login.body());
        assertEquals("admin", me.json().get("role").asText());
        assertEquals(201, accepted.status(), accepted.body());
        assertEquals(200, pending.status(), pending.body());
        assertEquals("editor", changed.json().get("role").asText());
        assertEquals(422, logout.status(), "an API key has no session to end");
        assertEquals(204, removed.status());
    }

    @Test
    void the_audit_log_is_read_as_documented() {
        var revoke = exchange(admin, "DELETE", "/v1/keys/" + exchange(admin, "POST", "/v1/keys", "{\"role\": \"secret\"}").json()
                .get("id").asText(), null);
        assertEquals(204, revoke.status());
        var page = exchange(admin, "GET", "/v1/audit?method=DELETE&limit=1", null);
        assertEquals(200, page.status(), page.body());
        assertEquals("DELETE /v1/keys/{id}", page.json().get("items").get(0).get("action").asText());
        assertEquals(422, exchange(admin, "GET", "/v1/audit?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", null).status());
        assertEquals(400, exchange(admin, "GET", "/v1/audit?cursor=x", null).status());
        assertEquals(403, exchange(api, "GET", "/v1/audit", null).status());
    }

    @Test
    void project_settings_are_read_and_changed_as_documented() {
        var read = exchange(api, "GET", "/v1/settings", null);
        var changed = exchange(admin, "PATCH", "/v1/settings", "{\"time_zone\": \"Europe/Paris\", \"strict_conversations\": null}");
        var refused = exchange(admin, "PATCH", "/v1/settings", "{\"time_zone\": \"Mars/Olympus_Mons\"}");
        var byASecretKey = exchange(api, "PATCH", "/v1/settings", "{\"time_zone\": \"UTC\"}");
        var back = exchange(admin, "PATCH", "/v1/settings", "{\"time_zone\": null}");

        assertEquals(200, read.status(), read.body());
        assertEquals("Europe/Paris", changed.json().get("time_zone").asText());
        assertEquals(422, refused.status(), refused.body());
        assertEquals(403, byASecretKey.status());
        assertEquals("UTC", back.json().get("time_zone").asText());
    }

    @Test
    void your_password_and_your_sessions_are_documented() {
        var email = "own-" + java.util.UUID.randomUUID() + "@example.com";
        var password = "a long and unusual passphrase";
        assertEquals(201, admin.post("/v1/users", "{\"email\": \"" + email + "\", \"role\": \"viewer\", \"password\": \"" + password + "\"}").status());
        var sessions = new java.util.ArrayList<String[]>();
        for (int i = 0; i < 2; i++) {
            var login = api.withKey(null).post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}");
            var cookie = login.header("Set-Cookie");
            sessions.add(new String[]{"Cookie", cookie.substring(0, cookie.indexOf(';')), "X-CSRF-Token", login.json().get("csrf_token").asText(), "no-auth", "1"});
        }
        var anonymous = api.withKey(null);

        var listed = exchange(anonymous, "GET", "/v1/me/sessions", null, sessions.get(0));
        String other = null;
        for (var item : listed.json().get("items")) {
            if (!item.get("current").asBoolean()) {
                other = item.get("id").asText();
            }
        }
        var ended = exchange(anonymous, "DELETE", "/v1/me/sessions/" + other, null, sessions.get(0));
        var unknown = exchange(anonymous, "DELETE", "/v1/me/sessions/" + other, null, sessions.get(0));
        var wrong = exchange(anonymous, "POST", "/v1/me/password", "{\"current_password\": \"not it at all, sorry\", \"new_password\": \"another long passphrase\"}", sessions.get(0));
        var changed = exchange(anonymous, "POST", "/v1/me/password", "{\"current_password\": \"" + password + "\", \"new_password\": \"another long passphrase\"}", sessions.get(0));
        var byAKey = exchange(admin, "GET", "/v1/me/sessions", null);

        assertEquals(2, listed.json().get("items").size(), listed.body());
        assertEquals(204, ended.status(), ended.body());
        assertEquals(404, unknown.status());
        assertEquals(422, wrong.status(), wrong.body());
        assertEquals(204, changed.status(), changed.body());
        assertEquals(422, byAKey.status());
    }

    // ---------------------------------------------------------------- stats and export

    @Test
    void stats_comparisons_the_consistency_check_and_exports_are_documented() {
        var agent = unique("stats-agent");
        var answered = unique("m");
        exchange(api, "PUT", "/v1/messages/" + answered, """
                {"prompt": "How long do refunds take?", "content": "A month."}""");
        exchange(api, "POST", "/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "reasons": ["fast"], "comment": "ok",
                 "metadata": {"prompt_version": "v1"}}""".formatted(agent, unique("m")));
        exchange(api, "POST", "/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_down", "score": 0, "correction": "5 days",
                 "metadata": {"prompt_version": "v2"}}""".formatted(agent, answered));

        var stats = exchange(api, "GET", "/v1/stats?agent_id=" + agent + "&group_by=day,label&tz=Europe/Paris", null);
        var byVersion = exchange(withMetadataFilters, api, "GET", "/v1/stats?agent_id=" + agent
                + "&metadata.prompt_version=v1&group_by=metadata.prompt_version&from=2020-01-01T00:00:00Z", null);
        var compared = exchange(withMetadataFilters, api, "GET", "/v1/stats/compare?agent_id=" + agent
                + "&a.metadata.prompt_version=v1&b.metadata.prompt_version=v2", null);
        var comparedByLabel = exchange(api, "GET", "/v1/stats/compare?a.label=thumbs_up&b.label=thumbs_down&b.agent_id=" + agent, null);
        var consistency = exchange(api, "GET", "/v1/stats/consistency", null);
        var jsonl = exchange(api, "GET", "/v1/export?agent_id=" + agent, null);
        var csv = exchange(api, "GET", "/v1/export?agent_id=" + agent + "&format=csv", null);
        var evalCases = exchange(api, "GET", "/v1/export?agent_id=" + agent + "&format=eval", null);
        var pairs = exchange(api, "GET", "/v1/export?agent_id=" + agent + "&format=preference", null);

        assertEquals(2, stats.json().get("overall").get("total").asInt(), stats.body());
        assertEquals(1, byVersion.json().get("overall").get("total").asInt(), byVersion.body());
        assertEquals("too_small_to_conclude", compared.json().get("positive_rate").get("conclusion").asText());
        assertEquals(200, comparedByLabel.status(), comparedByLabel.body());
        assertTrue(consistency.json().get("consistent").asBoolean(), consistency.body());
        assertEquals(2, jsonl.body().lines().count(), jsonl.body());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
        assertEquals(1, evalCases.body().lines().count(), evalCases.body());
        assertEquals(1, pairs.body().lines().count(), pairs.body());

        var imported = exchange(api, "POST", "/v1/import?format=native", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "created_at": "2025-01-01T00:00:00Z"}"""
                .formatted(agent, unique("m")));
        assertEquals(1, imported.json().get("created").asInt(), imported.body());
    }

    @Test
    void an_otlp_json_trace_export_is_documented() {
        var trace = "5b8efff798038103d269b633813fc60c";
        var exported = exchange(api, "POST", "/v1/otel/v1/traces", """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "docs"}}]},
                  "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "eee19b7ec3c1b174", "name": "chat",
                    "startTimeUnixNano": "1767000000000000000", "endTimeUnixNano": "1767000000500000000",
                    "attributes": [{"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}},
                                   {"key": "gen_ai.completion", "value": {"stringValue": "Hello"}}]}]}]}]}""".formatted(trace));
        var message = exchange(api, "GET", "/v1/messages/" + trace, null);

        assertEquals(200, exported.status(), exported.body());
        assertEquals("Hello", message.json().get("content").asText(), message.body());
        assertEquals(500, message.json().get("trace").get("latency_ms").asInt(), message.body());
    }

    @Test
    void bad_stats_and_export_parameters_are_a_documented_422() {
        var answers = List.of(
                refusedByTheDocumentToo(api, "GET", "/v1/stats?colour=red", null),
                refusedByTheDocumentToo(api, "GET", "/v1/stats?from=yesterday", null),
                refusedByTheDocumentToo(api, "GET", "/v1/export?format=xml", null),
                refusedByTheDocumentToo(api, "GET", "/v1/export?limit=5", null),
                exchange(api, "GET", "/v1/stats?group_by=colour&tz=Mars/Olympus", null),
                exchange(api, "GET", "/v1/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null),
                exchange(api, "GET", "/v1/stats/compare?label=thumbs_up", null));

        answers.forEach(r -> assertEquals(422, r.status(), r.body()));
    }

    // ---------------------------------------------------------------- operations

    @Test
    void health_readiness_and_metrics_are_documented_and_need_no_key() {
        var anonymous = api.withKey(null);

        var health = exchange(anonymous, "GET", "/healthz", null);
        var ready = exchange(anonymous, "GET", "/readyz", null);
        var metrics = exchange(anonymous, "GET", "/metrics", null);

        assertEquals(200, health.status());
        assertEquals(hub.kind().name().toLowerCase(Locale.ROOT), ready.json().get("store").asText());
        assertTrue(metrics.body().contains("feedbackhub_http_requests_total"));
    }

    // ---------------------------------------------------------------- end-user tokens

    @Test
    void anonymous_ids_are_minted_and_used_as_documented() {
        var browserKey = api.withKey(hub.issueKey(io.feedbackhub.auth.Role.PUBLISHABLE, java.util.List.of("https://app.example")));
        var message = unique("m");
        var minted = exchange(browserKey, "POST", "/v1/anonymous-id", null, "Origin", "https://app.example");
        var bySecretKey = exchange(api, "POST", "/v1/anonymous-id", null);
        var browser = api.withKey(minted.json().get("anonymous_id").asText());
        var given = exchange(browser, "POST", "/v1/feedback", "{\"message_id\": \"%s\", \"label\": \"thumbs_up\"}".formatted(message),
                "Origin", "https://app.example");

        assertEquals(201, minted.status(), minted.body());
        assertEquals(403, bySecretKey.status(), bySecretKey.body());
        assertEquals(201, given.status(), given.body());
        assertEquals(minted.json().get("author_id").asText(), given.json().get("author_id").asText());
    }

    @Test
    void end_user_tokens_are_minted_and_used_as_documented() {
        var message = unique("m");
        var minted = exchange(api, "POST", "/v1/tokens", """
                {"author_id": "doc-user", "thread_id": null, "message_id": "%s", "name": "reaction", "ttl_seconds": 600}""".formatted(message));
        var token = api.withKey(minted.json().get("token").asText());
        var given = exchange(token, "POST", "/v1/feedback", "{\"label\": \"thumbs_up\"}");
        var listed = exchange(token, "GET", "/v1/feedback?message_id=" + message, null);
        var elsewhere = exchange(token, "GET", "/v1/feedback?message_id=" + unique("m"), null);
        var otherAuthor = exchange(token, "POST", "/v1/feedback", "{\"label\": \"thumbs_up\", \"author_id\": \"someone-else\"}");
        var tooLong = refusedByTheDocumentToo(api, "POST", "/v1/tokens", "{\"author_id\": \"u\", \"ttl_seconds\": 5}");
        var byToken = exchange(token, "POST", "/v1/tokens", "{\"author_id\": \"u\"}");

        assertEquals(201, minted.status(), minted.body());
        assertEquals(201, given.status(), given.body());
        assertEquals(1, listed.json().get("items").size(), listed.body());
        assertEquals(403, elsewhere.status(), elsewhere.body());
        assertEquals(403, otherAuthor.status(), otherAuthor.body());
        assertEquals(422, tooLong.status(), tooLong.body());
        assertEquals(403, byToken.status(), byToken.body());
    }

    // ---------------------------------------------------------------- single sign-on

    /** This hub has no FEEDBACK_HUB_OIDC_ISSUER; the flow itself is signin/SingleSignOnTest's, against a real provider. */
    @Test
    void single_sign_on_without_a_provider_is_a_documented_not_found() {
        var anonymous = api.withKey(null);

        var start = exchange(anonymous, "GET", "/v1/auth/oidc/start", null);
        var callback = exchange(anonymous, "GET", "/v1/auth/oidc/callback?code=c&state=s", null);
        var methods = exchange(anonymous, "GET", "/v1/auth/methods", null);

        assertEquals(404, start.status(), start.body());
        assertEquals(404, callback.status(), callback.body());
        assertEquals(200, methods.status(), methods.body());
        assertTrue(methods.json().get("oidc").isNull(), methods.body());
    }

    // ---------------------------------------------------------------- dashboard and widget

    @Test
    void the_dashboard_its_files_and_the_widget_are_documented_and_need_no_key() {
        var anonymous = api.withKey(null);

        var page = exchange(anonymous, "GET", "/", null);
        var script = exchange(anonymous, "GET", "/assets/dashboard.js", null);
        var style = exchange(anonymous, "GET", "/assets/dashboard.css", null);
        var missing = refusedByTheDocumentToo(anonymous, "GET", "/assets/secrets.txt", null);
        var widget = exchange(anonymous, "GET", "/widget.js", null);

        assertTrue(page.body().contains("<script src=\"/assets/dashboard.js\""), page.body());
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//", Pattern.CASE_INSENSITIVE).matcher(page.body()).find(),
                "no CDN or other external asset: nodes often have no internet");
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"), page.header("Content-Security-Policy"));
        assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.header("Content-Type"));
        assertTrue(style.header("Content-Type").startsWith("text/css"), style.header("Content-Type"));
        assertEquals(404, missing.status());
        assertTrue(widget.body().contains("customElements.define('feedback-buttons'"));
        assertEquals("*", widget.header("Access-Control-Allow-Origin"));
    }

    /** Runs last: the tests above must have put every documented operation through the document. */
    @Test
    @Order(Integer.MAX_VALUE)
    void every_documented_operation_was_exercised_against_the_document() {
        var documented = new TreeSet<>(documentedOperations());

        documented.removeAll(exercised);

        assertEquals(Set.of(), documented, "documented operations no test above sent through the document");
    }

    // ---------------------------------------------------------------- webhooks and alerts

    @Test
    void webhook_endpoints_their_deliveries_and_re_sends_are_documented() throws InterruptedException {
        var agent = unique("hook-agent");
        var created = exchange(api, "POST", "/v1/webhooks", """
                {"url": "https://93.184.215.14/hook", "events": ["feedback.created", "alert.triggered"],
                 "filter": {"agent_id": "%s", "score_max": 0.3, "metadata.model": "gpt-x"}, "description": "low scores"}""".formatted(agent));
        var id = created.json().get("id").asText();
        exchange(api, "POST", "/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "name": "accuracy", "score": 0.1, "metadata": {"model": "gpt-x"}}""".formatted(agent, unique("m")));
        var paused = exchange(api, "PATCH", "/v1/webhooks/" + id, "{\"enabled\": false, \"filter\": null}");
        var listed = exchange(api, "GET", "/v1/webhooks", null);
        var read = exchange(api, "GET", "/v1/webhooks/" + id, null);
        var rotated = exchange(api, "POST", "/v1/webhooks/" + id + "/rotate-secret", "{\"grace_period\": \"1h\"}");
        var deliveries = exchange(api, "GET", "/v1/webhooks/" + id + "/deliveries?limit=10", null);
        var event = deliveries.json().get("items").get(0).get("event_id").asText();
        // listed at once; its body is rendered when the dispatcher fans the event out, after commit (payload null until then)
        var delivery = exchange(api, "GET", "/v1/webhooks/" + id + "/deliveries/" + event, null);
        for (long deadline = System.nanoTime() + 30_000_000_000L; delivery.json().get("payload").isNull() && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            delivery = exchange(api, "GET", "/v1/webhooks/" + id + "/deliveries/" + event, null);
        }
        var resent = exchange(api, "POST", "/v1/webhooks/" + id + "/deliveries/" + event + "/resend", null);
        var testWhileDisabled = exchange(api, "POST", "/v1/webhooks/" + id + "/test", "{}");
        exchange(api, "PATCH", "/v1/webhooks/" + id, "{\"enabled\": true}");
        var test = exchange(api, "POST", "/v1/webhooks/" + id + "/test", "{}");
        var testDelivery = exchange(api, "GET", "/v1/webhooks/" + id + "/deliveries/" + test.json().get("event_id").asText(), null);
        var badStatus = refusedByTheDocumentToo(api, "GET", "/v1/webhooks/" + id + "/deliveries?status=lost", null);
        var internal = exchange(api, "POST", "/v1/webhooks", "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}");
        var fromBrowser = exchange(browser, "GET", "/v1/webhooks", null, "Origin", ORIGIN);
        var deleted = exchange(api, "DELETE", "/v1/webhooks/" + id, null);
        var gone = exchange(api, "GET", "/v1/webhooks/" + id, null);

        assertEquals(201, created.status(), created.body());
        assertTrue(created.json().get("secret").asText().startsWith("whsec_"));
        assertEquals(200, paused.status(), paused.body());
        assertTrue(listed.json().get("items").size() >= 1);
        assertEquals(1, read.json().get("pending_deliveries").asInt(), read.body());
        assertFalse(rotated.json().get("previous_secret_expires_at").isNull());
        assertEquals("accuracy", delivery.json().get("payload").get("data").get("name").asText());
        assertEquals(202, resent.status(), resent.body());
        assertEquals(422, testWhileDisabled.status(), testWhileDisabled.body());
        assertEquals(202, test.status(), test.body());
        assertEquals("ping", testDelivery.json().get("event_type").asText(), testDelivery.body());
        assertEquals(422, badStatus.status());
        assertEquals(422, internal.status());
        assertEquals(403, fromBrowser.status());
        assertEquals(204, deleted.status());
        assertEquals(404, gone.status());
    }

    @Test
    void alert_rules_their_state_and_history_are_documented() {
        var created = exchange(api, "POST", "/v1/alerts", """
                {"description": "thumbs-down spike", "filter": {"agent_id": "doc-alerts", "name": "reaction"}, "window": "1h",
                 "min_count": 30, "condition": "rate(thumbs_down) > 0.2", "compare": "lower_bound"}""");
        var id = created.json().get("id").asText();
        var patched = exchange(api, "PATCH", "/v1/alerts/" + id, "{\"window\": \"24h\", \"enabled\": false}");
        var listed = exchange(api, "GET", "/v1/alerts", null);
        var read = exchange(api, "GET", "/v1/alerts/" + id, null);
        var history = exchange(api, "GET", "/v1/alerts/" + id + "/history?limit=10", null);
        var notAggregated = refusedByTheDocumentToo(api, "POST", "/v1/alerts", "{\"condition\": \"mean(score) < 0.5\", \"filter\": {\"thread_id\": \"t\"}}");
        var deleted = exchange(api, "DELETE", "/v1/alerts/" + id, null);
        var gone = exchange(api, "GET", "/v1/alerts/" + id, null);

        assertEquals(201, created.status(), created.body());
        assertEquals("ok", created.json().get("state").asText());
        assertEquals("1d", patched.json().get("window").asText());
        assertTrue(listed.json().get("items").size() >= 1);
        assertEquals(200, read.status());
        assertEquals(0, history.json().get("items").size());
        assertEquals(422, notAggregated.status());
        assertEquals(204, deleted.status());
        assertEquals(404, gone.status());
    }

    // ---------------------------------------------------------------- helpers

    /** Sends the request and fails unless request and response both conform to the served document. */
    private Api.Response exchange(Api client, String method, String path, String body, String... headers) {
        return exchange(contract, client, method, path, body, headers);
    }

    private Api.Response exchange(OpenApiContract against, Api client, String method, String path, String body, String... headers) {
        var response = client.send(method, path, body, headers);
        against.assertValid(method, path, requestHeaders(client, body, headers), body,
                response.status(), responseHeaders(response), response.body());
        exercised.add(method + " " + templateOf(path));
        return response;
    }

    /**
     * Sends a request that breaks the document on purpose: the document must say so (the server and the
     * document agree it is bad), and the server's answer must still be a documented response.
     */
    private Api.Response refusedByTheDocumentToo(Api client, String method, String path, String body, String... headers) {
        var response = client.send(method, path, body, headers);
        var violations = contract.violations(method, path, requestHeaders(client, body, headers), body,
                response.status(), responseHeaders(response), response.body());
        var aboutTheResponse = violations.stream().filter(v -> !v.startsWith("[validation.request.")).toList();
        assertEquals(List.of(), aboutTheResponse, method + " " + path + " -> " + response.status() + ": " + response.body());
        assertFalse(violations.isEmpty(), method + " " + path + " with " + body
                + ": the server refused it (" + response.status() + ") but the document allows it");
        exercised.add(method + " " + templateOf(path));
        return response;
    }

    /** The headers {@link Api#send} puts on the wire, for the validator's security and content checks. */
    private static Map<String, String> requestHeaders(Api client, String body, String... headers) {
        var out = new LinkedHashMap<String, String>();
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                out.put(headers[i], headers[i + 1]);
            }
        }
        boolean ownCredentials = out.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Authorization") || n.equalsIgnoreCase("X-API-Key"));
        if (!ownCredentials && client.key() != null) {
            out.put("Authorization", "Bearer " + client.key());
        }
        if (body != null) {
            out.put("Content-Type", "application/json");
        }
        return out;
    }

    private static Map<String, String> responseHeaders(Api.Response response) {
        var out = new LinkedHashMap<String, String>();
        response.headers().map().forEach((name, values) -> out.put(name, values.get(0)));
        return out;
    }

    /** The document's path template a concrete path falls under; literal segments beat parameters. */
    private String templateOf(String path) {
        var bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String best = null;
        for (var it = document.get("paths").fieldNames(); it.hasNext(); ) {
            var template = it.next();
            var regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            if (bare.matches(regex) && (best == null || params(template) < params(best))) {
                best = template;
            }
        }
        return best == null ? "(undocumented) " + bare : best;
    }

    private static long params(String template) {
        return template.chars().filter(c -> c == '{').count();
    }

    private List<String> documentedOperations() {
        var out = new ArrayList<String>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "patch", "delete", "head", "options", "trace").contains(method)) {
                out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return out;
    }

    /**
     * Every HTTP route the running server registered, except the vendor dialects under /compat (each has its
     * vendor's own document) and the CORS preflight wildcard OPTIONS /v1/* (described in info.description).
     * FeedbackHub keeps its Javalin private and Javalin lists routes only on its router, hence reflection.
     */
    private List<String> servedRoutes() {
        try {
            var field = FeedbackHub.class.getDeclaredField("app");
            field.setAccessible(true);
            var app = (Javalin) field.get(hub.hub());
            return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                    .map(parsed -> parsed.getEndpoint())
                    .filter(e -> e.getMethod().isHttpMethod())
                    .filter(e -> !e.getPath().startsWith("/compat/"))
                    .filter(e -> !(e.getMethod().name().equals("OPTIONS") && e.getPath().equals("/v1/*")))
                    .map(e -> e.getMethod().name() + " " + e.getPath())
                    .toList();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot list the server's routes: FeedbackHub.app changed", e);
        }
    }
}
