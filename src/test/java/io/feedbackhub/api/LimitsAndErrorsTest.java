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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear 4xx in problem+json naming the field, and leaves nothing written. */
@HubTest
class LimitsAndErrorsTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    private int feedbackCount() {
        return api.get("/v1/feedback?limit=1000").json().get("items").size();
    }

    private static ArrayList<String> fields(Api.Response r) {
        var fields = new ArrayList<String>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @Test
    void every_wrong_field_is_named_in_one_answer() {
        var before = feedbackCount();

        var r = api.post("/v1/feedback", """
                {"message_id": 42, "label": ["a"], "score": "1", "reasons": "slow", "metadata": {"model": 4}, "source": "robot", "colour": "red"}""");

        assertEquals(422, r.status(), r.body());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals(java.util.Set.of("colour", "message_id", "label", "score", "reasons", "metadata.model", "source"),
                new java.util.HashSet<>(fields(r)));
        assertEquals(before, feedbackCount());
    }

    @Test
    void a_target_and_a_value_are_required() {
        var r = api.post("/v1/feedback", "{\"author_id\": \"u\"}");

        assertEquals(422, r.status());
        assertEquals(java.util.List.of("message_id", "label"), fields(r));
    }

    @Test
    void scores_beyond_a_billion_and_nul_characters_are_refused_on_both_stores() {
        var huge = api.post("/v1/feedback", "{\"message_id\": \"m\", \"score\": 1e200}");
        var nul = api.post("/v1/feedback", "{\"message_id\": \"m\", \"label\": \"thumbs_up\", \"comment\": \"a\\u0000b\"}");

        assertEquals(422, huge.status(), huge.body());
        assertEquals("score", huge.json().get("errors").get(0).get("field").asText());
        assertEquals(422, nul.status(), nul.body());
        assertEquals("comment", nul.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void malformed_json_is_a_bad_request() {
        var r = api.post("/v1/feedback", "{\"message_id\": \"m\",");

        assertEquals(400, r.status());
        assertTrue(r.json().get("detail").asText().contains("not valid JSON"), r.body());
    }

    @Test
    void duplicate_keys_are_refused_rather_than_guessed() {
        var r = api.post("/v1/feedback", "{\"message_id\": \"m\", \"label\": \"thumbs_up\", \"label\": \"thumbs_down\"}");

        assertEquals(400, r.status());
        assertTrue(r.json().get("detail").asText().contains("Duplicate field"), r.body());
    }

    @Test
    void a_body_that_is_not_an_object_is_refused() {
        assertEquals(422, api.post("/v1/feedback", "[1, 2]").status());
        assertEquals(422, api.post("/v1/feedback", "\"text\"").status());
    }

    @Test
    void oversized_fields_and_lists_are_refused_with_their_limits() {
        var longComment = "x".repeat(10_001);
        var manyReasons = "\"r\",".repeat(21) + "\"r\"";

        var r = api.post("/v1/feedback", """
                {"message_id": "m", "label": "thumbs_up", "comment": "%s", "reasons": [%s]}""".formatted(longComment, manyReasons));

        assertEquals(422, r.status());
        assertEquals(java.util.List.of("comment", "reasons"), fields(r));
        assertTrue(r.json().get("errors").get(0).get("message").asText().contains("10000"));
    }

    @Test
    void data_nested_too_deep_is_refused() {
        var deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

        var r = api.post("/v1/feedback", """
                {"message_id": "m", "label": "thumbs_up", "data": %s}""".formatted(deep));

        assertEquals(422, r.status());
        assertTrue(r.json().get("detail").asText().toLowerCase().contains("depth"), r.body());
        assertEquals("body", r.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void a_body_over_the_size_limit_is_refused_before_it_is_read() {
        var huge = "{\"message_id\": \"m\", \"comment\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";

        var r = api.post("/v1/feedback", huge);

        assertEquals(413, r.status());
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void an_unknown_route_is_a_problem_json_404() {
        var r = api.get("/v1/nothing-here");

        assertEquals(404, r.status());
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void a_missing_feedback_is_404() {
        assertEquals(404, api.get("/v1/feedback/01a20860-e1d3-72a8-ba4c-9d6295ab1cfa").status());
        assertEquals(404, api.get("/v1/feedback/not-even-a-uuid").status());
    }
}
