package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.UUID;

import static io.feedbackhub.dialect.langfuse.LangfuseSdkTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Langfuse door over raw HTTP, for what the SDK run does not show: Langfuse's error shapes and status codes,
 * score identity against slots, credentials, tenant isolation and the listing filters.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangfuseDoorTest {
    static final String API = "/compat/langfuse/api/public";

    @Parameter
    StoreKind store;

    TestHub hub;
    Api api;
    String auth;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
        api = hub.api;
        auth = basic("pk-lf-anything", TestHub.SECRET_KEY);
    }

    @AfterParameterizedClassInvocation
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static String trace() {
        return "trace-" + UUID.randomUUID();
    }

    Api.Response post(String path, String body) {
        return api.post(API + path, body, "Authorization", auth);
    }

    Api.Response get(String path) {
        return api.get(API + path, "Authorization", auth);
    }

    JsonNode score(String id) {
        var read = get("/v2/scores/" + id);
        assertEquals(200, read.status(), read.toString());
        return read.json();
    }

    @Test
    void a_request_without_basic_credentials_is_refused_with_401_and_a_message() {
        var none = api.get(API + "/v2/scores", "Authorization", null);
        var bearer = api.get(API + "/v2/scores", "Authorization", "Bearer " + TestHub.SECRET_KEY);
        var wrong = api.get(API + "/v2/scores", "Authorization", basic("pk", "sk-lf-not-ours"));

        for (var refused : List.of(none, bearer, wrong)) {
            assertEquals(401, refused.status(), refused.toString());
            assertTrue(refused.json().get("message").isTextual(), refused.toString());
        }
    }

    @Test
    void an_invalid_score_is_refused_with_400_and_zod_issues_naming_each_field() {
        var refused = post("/scores", """
                {"traceId": 12, "value": "high", "dataType": "NUMERIC", "source": "SOMEONE"}""");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("Invalid request data", refused.json().get("message").asText());
        var paths = refused.json().get("error").findValues("path").stream().map(JsonNode::toString).toList();
        assertTrue(paths.containsAll(List.of("[\"traceId\"]", "[\"name\"]", "[\"value\"]", "[\"source\"]")), paths.toString());
    }

    @Test
    void a_refused_metadata_key_of_many_digits_is_named_in_the_issue_path_as_a_string() {
        var refused = post("/scores", """
                {"traceId": "%s", "name": "quality", "value": 1, "metadata": {"12345678901": "a\\u0000b"}}""".formatted(trace()));

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("Invalid request data", refused.json().get("message").asText());
        var paths = refused.json().get("error").findValues("path").stream().map(JsonNode::toString).toList();
        assertTrue(paths.contains("[\"metadata\",\"12345678901\"]"), paths.toString());
    }

    @Test
    void a_session_only_score_is_refused_because_feedback_judges_an_output() {
        var refused = post("/scores", """
                {"sessionId": "s-1", "name": "quality", "value": 1}""");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("[\"traceId\"]", refused.json().get("error").get(0).get("path").toString());
    }

    @Test
    void an_unknown_score_is_404_in_langfuse_shape() {
        var missing = get("/v2/scores/" + UUID.randomUUID());

        assertEquals(404, missing.status());
        assertEquals("LangfuseNotFoundError", missing.json().get("error").asText());
    }

    @Test
    void a_score_id_cannot_move_to_another_trace() {
        var id = UUID.randomUUID().toString();
        assertEquals(200, post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.5}""".formatted(id, trace())).status());

        var moved = post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.9}""".formatted(id, trace()));

        assertEquals(400, moved.status(), moved.toString());
        assertEquals(0.5, score(id).get("value").asDouble());
    }

    @Test
    void a_second_score_id_on_the_same_trace_and_name_updates_the_one_judgment() {
        var trace = trace();
        var first = UUID.randomUUID().toString();
        var second = UUID.randomUUID().toString();
        post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.2}""".formatted(first, trace));

        post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.8}""".formatted(second, trace));

        assertEquals(0.8, score(first).get("value").asDouble());
        assertEquals(0.8, score(second).get("value").asDouble());
        var listed = get("/v2/scores?traceId=" + trace).json();
        assertEquals(1, listed.get("meta").get("totalItems").asInt(), listed.toString());
    }

    @Test
    void different_end_users_in_metadata_keep_their_own_scores() {
        var trace = trace();
        post("/scores", """
                {"traceId": "%s", "name": "thumbs", "value": 1, "dataType": "BOOLEAN", "metadata": {"userId": "ann"}}""".formatted(trace));
        post("/scores", """
                {"traceId": "%s", "name": "thumbs", "value": 0, "dataType": "BOOLEAN", "metadata": {"userId": "bob"}}""".formatted(trace));

        var listed = get("/v2/scores?traceId=" + trace + "&userId=bob").json();

        assertEquals(1, listed.get("meta").get("totalItems").asInt(), listed.toString());
        assertEquals("False", listed.get("data").get(0).get("stringValue").asText());
        assertEquals(2, get("/v2/scores?traceId=" + trace).json().get("meta").get("totalItems").asInt());
    }

    @Test
    void a_deleted_score_id_can_be_written_again() {
        var id = UUID.randomUUID().toString();
        var trace = trace();
        post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.5}""".formatted(id, trace));
        assertEquals(204, api.delete(API + "/scores/" + id, "Authorization", auth).status());

        var again = post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.7}""".formatted(id, trace));

        assertEquals(200, again.status(), again.toString());
        assertEquals(0.7, score(id).get("value").asDouble());
    }

    @Test
    void listing_filters_by_data_type_and_value_operator() {
        var trace = trace();
        post("/scores", """
                {"traceId": "%s", "name": "n1", "value": 0.2}""".formatted(trace));
        post("/scores", """
                {"traceId": "%s", "name": "n2", "value": 0.9}""".formatted(trace));
        post("/scores", """
                {"traceId": "%s", "name": "c1", "value": "fine"}""".formatted(trace));

        var high = get("/v2/scores?traceId=" + trace + "&operator=%3E&value=0.5").json();
        var categorical = get("/v2/scores?traceId=" + trace + "&dataType=CATEGORICAL").json();

        assertEquals(List.of("n2"), high.get("data").findValuesAsText("name"));
        assertEquals(List.of("c1"), categorical.get("data").findValuesAsText("name"));
        assertEquals(1, categorical.get("meta").get("totalItems").asInt());
    }

    @Test
    void writers_racing_on_one_new_score_id_both_succeed_and_leave_one_score() throws Exception {
        var id = UUID.randomUUID().toString();
        var trace = trace();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var writes = java.util.stream.IntStream.range(0, 4).mapToObj(i -> pool.submit(() -> {
                start.await();
                return post("/scores", """
                        {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.%d}""".formatted(id, trace, i + 1));
            })).toList();
            start.countDown();

            for (var write : writes) {
                assertEquals(200, write.get().status(), write.get().toString());
            }
        }

        var listed = get("/v2/scores?traceId=" + trace).json();
        assertEquals(1, listed.get("meta").get("totalItems").asInt(), listed.toString());
        assertEquals(id, listed.get("data").get(0).get("id").asText());
    }

    @Test
    void v3_lists_several_values_of_a_field_with_a_value_range_in_cursor_pages() {
        var trace = trace();
        for (var name : List.of("a", "b", "c")) {
            for (var value : List.of(0.1, 0.6, 0.9)) {
                assertEquals(200, post("/scores", """
                        {"traceId": "%s", "name": "%s-%s", "value": %s}""".formatted(trace, name, value, value)).status());
            }
        }
        var seen = new java.util.ArrayList<String>();
        String cursor = null;
        do {
            var page = get("/v3/scores?traceId=" + trace + "&name=a-0.6,a-0.9,b-0.6,c-0.1&dataType=NUMERIC&valueMin=0.5&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("data").forEach(score -> seen.add(score.get("name").asText()));
            cursor = page.get("meta").hasNonNull("cursor") ? page.get("meta").get("cursor").asText() : null;
        } while (cursor != null);

        assertEquals(List.of("b-0.6", "a-0.9", "a-0.6"), seen, "newest first, each once, c-0.1 below the range");
    }

    @Test
    void a_score_naming_an_unknown_config_is_refused() {
        var refused = post("/scores", """
                {"traceId": "%s", "name": "nope", "value": 1, "configId": "nope"}""".formatted(trace()));

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("[\"configId\"]", refused.json().get("error").get(0).get("path").toString());
    }

    @Test
    void a_score_config_checks_later_scores_of_its_name() {
        var name = "rating_" + System.nanoTime();
        var created = post("/score-configs", """
                {"name": "%s", "dataType": "NUMERIC", "minValue": 1, "maxValue": 5}""".formatted(name));
        assertEquals(200, created.status(), created.toString());

        var outOfRange = post("/scores", """
                {"traceId": "%s", "name": "%s", "value": 9}""".formatted(trace(), name));

        assertEquals(400, outOfRange.status(), outOfRange.toString());
        assertEquals("[\"value\"]", outOfRange.json().get("error").get(0).get("path").toString());
        assertEquals(409, post("/score-configs", """
                {"name": "%s", "dataType": "NUMERIC"}""".formatted(name)).status());
    }

    @Test
    void another_tenant_cannot_read_or_delete_a_score() {
        var id = UUID.randomUUID().toString();
        post("/scores", """
                {"id": "%s", "traceId": "%s", "name": "quality", "value": 0.5}""".formatted(id, trace()));
        var other = basic("pk", hub.otherTenant().key());

        assertEquals(404, api.get(API + "/v2/scores/" + id, "Authorization", other).status());
        assertEquals(404, api.delete(API + "/scores/" + id, "Authorization", other).status());
        assertEquals(0.5, score(id).get("value").asDouble());
    }

    @Test
    void a_public_key_of_another_tenant_is_refused_as_a_mix_up() {
        var otherTenantsKey = hub.otherTenant().key();

        var refused = api.get(API + "/v2/scores", "Authorization", basic(otherTenantsKey, TestHub.SECRET_KEY));

        assertEquals(401, refused.status(), refused.toString());
    }

    @Test
    void a_publishable_key_alone_may_write_scores_but_not_read_them() {
        var publishable = hub.issueKey(Role.PUBLISHABLE, List.of("*"));
        var browser = basic(publishable, "");

        var written = api.post(API + "/scores", """
                {"traceId": "%s", "name": "thumbs", "value": 1, "dataType": "BOOLEAN"}""".formatted(trace()), "Authorization", browser);
        var read = api.get(API + "/v2/scores", "Authorization", browser);

        assertEquals(200, written.status(), written.toString());
        assertEquals(401, read.status(), read.toString());
    }
}
