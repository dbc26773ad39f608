package io.feedbackhub.dialect.contextual;

import static io.feedbackhub.dialect.DialectTesting.json;
import static io.feedbackhub.dialect.DialectTesting.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * Requests that break seed 001 get what the vendor's FastAPI service answers: 422 with pydantic v2's items
 * ({@code type}, {@code loc}, {@code msg}, {@code input}, {@code ctx}), every problem at once, and nothing written.
 */
@HubTest
class ContextualValidationTest {
    static final String CHAR_ERROR = "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found ";

    @Parameter
    TestHub hub;
    Api api;
    ContextualClient contextual;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
        contextual = new ContextualClient(api);
    }

    void assertDetail(String expectedDetail, Api.Response response) {
        assertEquals(422, response.status(), response.toString());
        assertEquals(json("{\"detail\": " + expectedDetail + "}"), response.json());
    }

    void assertNothingWrittenFor(String messageId) {
        assertEquals(0, api.get("/v1/feedback?message_id=" + messageId).json().get("items").size());
    }

    @Test
    void an_unknown_field_is_refused_as_extra_forbidden_and_nothing_is_written() {
        var message = uuid();
        var body = """
                {"message_id": "%s", "feedback": "thumbs_up", "rating": 5, "user_id": "u-1"}""".formatted(message);

        var response = contextual.provideBreaking(uuid(), body, "validation.request.body.schema.additionalProperties");

        assertDetail("""
                [{"type": "extra_forbidden", "loc": ["body", "rating"], "msg": "Extra inputs are not permitted", "input": 5},
                 {"type": "extra_forbidden", "loc": ["body", "user_id"], "msg": "Extra inputs are not permitted", "input": "u-1"}]""",
                response);
        assertNothingWrittenFor(message);
    }

    @Test
    void ids_that_are_not_uuids_are_refused_with_pydantics_uuid_parsing_at_their_loc() {
        var body = """
                {"message_id": "msg-1", "feedback": "thumbs_up", "content_id": "8540d774-4863-4d2b-b788-4ecb19412e8"}""";

        var response = contextual.provideBreaking(uuid(), body, "validation.request.body.schema.format.uuid");

        assertDetail("""
                [{"type": "uuid_parsing", "loc": ["body", "message_id"],
                  "msg": "Input should be a valid UUID, %1$s`m` at 1", "input": "msg-1", "ctx": {"error": "%1$s`m` at 1"}},
                 {"type": "uuid_parsing", "loc": ["body", "content_id"],
                  "msg": "Input should be a valid UUID, invalid group length in group 4: expected 12, found 11",
                  "input": "8540d774-4863-4d2b-b788-4ecb19412e8",
                  "ctx": {"error": "invalid group length in group 4: expected 12, found 11"}}]""".formatted(CHAR_ERROR),
                response);
    }

    @Test
    void an_agent_id_that_is_not_a_uuid_is_refused_at_the_path_before_the_body_errors() {
        var message = uuid();

        var response = contextual.provideBreaking("support-bot", """
                {"message_id": "%s", "feedback": "love"}""".formatted(message),
                "validation.request.parameter.schema.format.uuid", "validation.request.body.schema.enum");

        assertDetail("""
                [{"type": "uuid_parsing", "loc": ["path", "agent_id"],
                  "msg": "Input should be a valid UUID, %1$s`s` at 1", "input": "support-bot", "ctx": {"error": "%1$s`s` at 1"}},
                 {"type": "enum", "loc": ["body", "feedback"],
                  "msg": "Input should be 'thumbs_up', 'thumbs_down', 'flagged' or 'removed'", "input": "love",
                  "ctx": {"expected": "'thumbs_up', 'thumbs_down', 'flagged' or 'removed'"}}]""".formatted(CHAR_ERROR),
                response);
        assertNothingWrittenFor(message);
    }

    @Test
    void a_valid_body_under_a_bad_agent_id_is_still_refused_and_not_written() {
        var message = uuid();

        var response = contextual.provideBreaking("12345", """
                {"message_id": "%s", "feedback": "thumbs_up"}""".formatted(message), "validation.request.parameter.schema.format.uuid");

        assertDetail("""
                [{"type": "uuid_parsing", "loc": ["path", "agent_id"],
                  "msg": "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 5",
                  "input": "12345", "ctx": {"error": "invalid length: expected length 32 for simple format, found 5"}}]""",
                response);
        assertNothingWrittenFor(message);
    }

    @Test
    void a_feedback_outside_the_enum_is_refused_with_pydantics_enum_error() {
        var message = uuid();

        var response = contextual.provideBreaking(uuid(), """
                {"message_id": "%s", "feedback": "Thumbs_Up"}""".formatted(message), "validation.request.body.schema.enum");

        assertDetail("""
                [{"type": "enum", "loc": ["body", "feedback"],
                  "msg": "Input should be 'thumbs_up', 'thumbs_down', 'flagged' or 'removed'", "input": "Thumbs_Up",
                  "ctx": {"expected": "'thumbs_up', 'thumbs_down', 'flagged' or 'removed'"}}]""", response);
        assertNothingWrittenFor(message);
    }

    @Test
    void wrong_types_are_each_refused_at_their_own_loc_in_declaration_order() {
        var response = contextual.provideBreaking(uuid(), """
                {"query_category": ["billing"], "content_id": {"id": 1}, "explanation": 5, "feedback": true,
                 "message_id": 42}""", "validation.request.body.schema.type", "validation.request.body.schema.enum");

        assertDetail("""
                [{"type": "uuid_type", "loc": ["body", "message_id"],
                  "msg": "UUID input should be a string, bytes or UUID object", "input": 42},
                 {"type": "enum", "loc": ["body", "feedback"],
                  "msg": "Input should be 'thumbs_up', 'thumbs_down', 'flagged' or 'removed'", "input": true,
                  "ctx": {"expected": "'thumbs_up', 'thumbs_down', 'flagged' or 'removed'"}},
                 {"type": "string_type", "loc": ["body", "explanation"], "msg": "Input should be a valid string", "input": 5},
                 {"type": "uuid_type", "loc": ["body", "content_id"],
                  "msg": "UUID input should be a string, bytes or UUID object", "input": {"id": 1}},
                 {"type": "string_type", "loc": ["body", "query_category"], "msg": "Input should be a valid string",
                  "input": ["billing"]}]""", response);
    }

    @Test
    void missing_required_fields_are_each_reported_with_the_body_as_input() {
        var response = contextual.provideBreaking(uuid(), """
                {"explanation": "no ids"}""", "validation.request.body.schema.required");

        assertDetail("""
                [{"type": "missing", "loc": ["body", "message_id"], "msg": "Field required", "input": {"explanation": "no ids"}},
                 {"type": "missing", "loc": ["body", "feedback"], "msg": "Field required", "input": {"explanation": "no ids"}}]""",
                response);
    }

    @Test
    void a_null_message_id_or_feedback_is_a_type_error_not_a_missing_field() {
        var response = contextual.provideBreaking(uuid(), """
                {"message_id": null, "feedback": null}""", "validation.request.body.schema.type",
                "validation.request.body.schema.enum");

        assertDetail("""
                [{"type": "uuid_type", "loc": ["body", "message_id"],
                  "msg": "UUID input should be a string, bytes or UUID object", "input": null},
                 {"type": "enum", "loc": ["body", "feedback"],
                  "msg": "Input should be 'thumbs_up', 'thumbs_down', 'flagged' or 'removed'", "input": null,
                  "ctx": {"expected": "'thumbs_up', 'thumbs_down', 'flagged' or 'removed'"}}]""", response);
    }

    @Test
    void a_body_that_is_absent_or_not_an_object_is_refused_at_loc_body() {
        var array = contextual.provideBreaking(uuid(), "[1]", "validation.request.body.schema.type");
        var empty = contextual.provideBreaking(uuid(), null, "validation.request.body.missing");
        var jsonNull = contextual.provideBreaking(uuid(), "null", "validation.request.body.schema.type");

        assertDetail("""
                [{"type": "model_attributes_type", "loc": ["body"],
                  "msg": "Input should be a valid dictionary or object to extract fields from", "input": [1]}]""", array);
        assertDetail("""
                [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]""", empty);
        assertDetail("""
                [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]""", jsonNull);
    }

    @Test
    void a_body_that_is_not_json_is_refused_as_json_invalid() {
        var response = contextual.provideBreaking(uuid(), "{\"message_id\": ", "validation.request.body.schema.invalidJson");

        assertEquals(422, response.status(), response.toString());
        var item = response.json().get("detail").get(0);
        assertEquals("json_invalid", item.get("type").asText());
        assertEquals("body", item.get("loc").get(0).asText());
        assertEquals("JSON decode error", item.get("msg").asText());
    }

    @Test
    void an_explanation_over_the_hub_limit_is_refused_at_the_explanation() {
        var message = uuid();
        var tooLong = "x".repeat(10_001);

        var response = contextual.provide(uuid(), """
                {"message_id": "%s", "feedback": "thumbs_down", "explanation": "%s"}""".formatted(message, tooLong));

        assertEquals(422, response.status(), response.toString());
        var item = response.json().get("detail").get(0);
        assertEquals(json("[\"body\", \"explanation\"]"), item.get("loc"));
        assertNothingWrittenFor(message);
    }
}
