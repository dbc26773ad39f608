package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.contract.OpenApiContract;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.Map;
import java.util.UUID;

import static io.feedbackhub.dialect.DialectTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Parea client (Python or TypeScript SDK, or the seed's curl) sees when its base URL points at
 * {@code /compat/parea/api/parea/v1}; every feedback request and its answer is checked against seed 004.
 */
@HubTest
class PareaDialectTest {
    private static final String BASE = "/compat/parea/api/parea/v1";
    private static final String SEED_PATH = "/api/parea/v1/feedback";

    /** The seed's security scheme says x-user-id; the SDKs send x-api-key (seeds/README.md), which it does not know. */
    private static final OpenApiContract PAREA = OpenApiContract.load("contracts/parea.yaml");
    private static final OpenApiContract PAREA_SDK = PAREA.ignoring("validation.request.security.missing");

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    static String aTrace() {
        return "trace-" + UUID.randomUUID();
    }

    /** What parea-sdk-py's record_feedback sends: every optional field, unset ones as explicit null. */
    static String pythonSdkBody(String traceId, double score, String target) {
        return """
                {"trace_id": "%s", "inference_id": null, "score": %s, "comment": null,
                 "target": %s, "organization_id": null, "name": null}"""
                .formatted(traceId, score, target == null ? "null" : "\"" + target + "\"");
    }

    Api.Response feedback(String body, String... headers) {
        return api.post(BASE + "/feedback", body, headers);
    }

    Api.Response sdkFeedback(String body) {
        return feedback(body, "x-api-key", api.key());
    }

    /** Passes one real interaction through the seed's document. */
    static void assertMatchesSeed(OpenApiContract contract, Map<String, String> headers, String body, Api.Response response) {
        contract.assertValid("POST", SEED_PATH, headers, body, response.status(),
                Map.of("Content-Type", response.header("Content-Type")), response.body());
    }

    JsonNode nativeFeedbackOf(Api client, String traceId) {
        var listed = client.get("/v1/feedback?trace_id=" + traceId);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().get("items");
    }

    JsonNode theOnlyNativeFeedbackOf(String traceId) {
        var items = nativeFeedbackOf(api, traceId);
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    // ------------------------------------------------------------------ feedback

    @Test
    void the_python_sdk_body_with_explicit_nulls_records_the_score_on_the_trace() {
        var trace = aTrace();
        var body = pythonSdkBody(trace, 0.75, null);

        var response = sdkFeedback(body);

        assertEquals(200, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK, Map.of("x-api-key", api.key()), body, response);
        var stored = theOnlyNativeFeedbackOf(trace);
        assertEquals(response.json().get("id"), stored.get("id"));
        assertEquals(trace, stored.get("trace_id").asText());
        assertEquals(FeedbackRequestSchema.NATIVE_NAME, stored.get("name").asText());
        assertEquals(0.75, stored.get("score").asDouble());
        assertEquals("user", stored.get("source").asText());
        assertTrue(stored.get("comment").isNull());
        assertTrue(stored.get("correction").isNull());
        assertTrue(stored.get("data").isNull(), "no deprecated name, nothing extra to keep");
        assertEquals(trace, stored.get("message_id").asText(), "the trace's message, so it inherits what the trace log recorded");
        assertEquals(1, response.json().get("revision").asInt());
    }

    @Test
    void the_typescript_sdk_may_name_the_trace_by_inference_id_alone() {
        var trace = aTrace();
        var body = """
                {"inference_id": "%s", "score": 0, "comment": "off topic"}""".formatted(trace);

        var response = sdkFeedback(body);

        assertEquals(200, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK, Map.of("x-api-key", api.key()), body, response);
        var stored = theOnlyNativeFeedbackOf(trace);
        assertEquals(0.0, stored.get("score").asDouble());
        assertEquals("off topic", stored.get("comment").asText());
        assertEquals(trace, response.json().get("trace_id").asText());
    }

    @Test
    void the_seed_example_with_its_security_header_stores_target_as_the_native_correction() {
        var trace = aTrace();
        var body = """
                {"trace_id": "%s", "score": 0.5, "name": "test", "target": "perfect answer"}""".formatted(trace);

        var response = feedback(body, "x-user-id", api.key());

        assertEquals(200, response.status(), response.body());
        assertMatchesSeed(PAREA, Map.of("x-user-id", api.key()), body, response);
        assertEquals("perfect answer", response.json().get("target").asText());
        var stored = theOnlyNativeFeedbackOf(trace);
        assertEquals("perfect answer", stored.get("correction").asText());
        assertEquals(0.5, stored.get("score").asDouble());
        assertEquals(FeedbackRequestSchema.NATIVE_NAME, stored.get("name").asText(), "the deprecated name does not pick the slot");
        assertEquals(json("{\"name\":\"test\"}"), stored.get("data"), "but it is kept");
    }

    @Test
    void a_second_feedback_on_the_same_trace_updates_the_first_and_keeps_its_history() {
        var trace = aTrace();
        var first = sdkFeedback(pythonSdkBody(trace, 0.2, null)).json();
        var body = """
                {"trace_id": "%s", "score": 0.9, "name": "another-name", "target": "better answer"}""".formatted(trace);

        var second = sdkFeedback(body);

        assertEquals(200, second.status(), second.body());
        assertMatchesSeed(PAREA_SDK, Map.of("x-api-key", api.key()), body, second);
        assertEquals(first.get("id"), second.json().get("id"));
        assertEquals(2, second.json().get("revision").asInt());
        var stored = theOnlyNativeFeedbackOf(trace);
        assertEquals(0.9, stored.get("score").asDouble());
        assertEquals(2, stored.get("revision").asInt());
        var history = api.get("/v1/feedback/" + stored.get("id").asText() + "/history").json().get("items");
        assertEquals(2, history.size());
        assertEquals(0.2, history.get(0).get("score").asDouble());
    }

    @Test
    void a_score_above_one_is_refused_as_pydantic_refuses_it_and_nothing_is_written() {
        var trace = aTrace();
        var body = pythonSdkBody(trace, 1.5, null);

        var response = sdkFeedback(body);

        assertEquals(422, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK.ignoring("validation.request.body.schema.maximum"), Map.of("x-api-key", api.key()), body, response);
        assertEquals(json("""
                {"detail": [{"type": "less_than_equal", "loc": ["body", "score"], "msg": "Input should be less than or equal to 1",
                             "input": 1.5, "ctx": {"le": 1}}]}"""), response.json());
        assertEquals(0, nativeFeedbackOf(api, trace).size());
    }

    @Test
    void a_negative_score_is_refused_as_pydantic_refuses_it() {
        var trace = aTrace();
        var body = pythonSdkBody(trace, -0.1, null);

        var response = sdkFeedback(body);

        assertEquals(422, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK.ignoring("validation.request.body.schema.minimum"), Map.of("x-api-key", api.key()), body, response);
        assertEquals(json("""
                {"detail": [{"type": "greater_than_equal", "loc": ["body", "score"], "msg": "Input should be greater than or equal to 0",
                             "input": -0.1, "ctx": {"ge": 0}}]}"""), response.json());
        assertEquals(0, nativeFeedbackOf(api, trace).size());
    }

    @Test
    void feedback_without_trace_id_or_inference_id_says_one_of_them_is_required() {
        var body = """
                {"trace_id": null, "inference_id": null, "score": 1, "comment": "great", "target": null,
                 "organization_id": null, "name": null}""";

        var response = sdkFeedback(body);

        assertEquals(422, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK, Map.of("x-api-key", api.key()), body, response);
        assertEquals(json("""
                {"detail": [{"type": "value_error", "loc": ["body", "trace_id"],
                             "msg": "Value error, one of trace_id or inference_id is required", "input": null,
                             "ctx": {"error": "one of trace_id or inference_id is required"}}]}"""), response.json());
    }

    @Test
    void every_wrong_field_is_reported_at_once_under_its_own_name() {
        var body = """
                {"trace_id": 7, "comment": ["a"], "organization_id": 3}""";

        var response = sdkFeedback(body);

        assertEquals(422, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK.ignoring("validation.request.body.schema.type", "validation.request.body.schema.required",
                "validation.request.body.schema.anyOf"), Map.of("x-api-key", api.key()), body, response);
        var detail = response.json().get("detail");
        assertEquals(4, detail.size(), detail.toString());
        assertEquals(json("{\"type\":\"string_type\",\"loc\":[\"body\",\"trace_id\"],\"msg\":\"Input should be a valid string\",\"input\":7}"), detail.get(0));
        assertEquals("[\"body\",\"comment\"]", detail.get(1).get("loc").toString());
        assertEquals("[\"body\",\"organization_id\"]", detail.get(2).get("loc").toString());
        assertEquals(json("{\"type\":\"missing\",\"loc\":[\"body\",\"score\"],\"msg\":\"Field required\",\"input\":" + body + "}"), detail.get(3));
    }

    @Test
    void a_body_that_is_not_json_gets_a_json_422() {
        var response = sdkFeedback("{\"trace_id\": ");

        assertEquals(422, response.status(), response.body());
        assertEquals("json_invalid", response.json().get("detail").get(0).get("type").asText());
    }

    @Test
    void an_empty_or_null_body_is_a_missing_body_and_an_array_is_not_an_object() {
        var empty = sdkFeedback("");
        var jsonNull = sdkFeedback("null");
        var array = sdkFeedback("[]");

        var missingBody = json("{\"detail\": [{\"type\": \"missing\", \"loc\": [\"body\"], \"msg\": \"Field required\", \"input\": null}]}");
        assertEquals(422, empty.status(), empty.body());
        assertEquals(missingBody, empty.json());
        assertEquals(missingBody, jsonNull.json());
        assertEquals(422, array.status(), array.body());
        assertEquals("model_attributes_type", array.json().get("detail").get(0).get("type").asText());
    }

    @Test
    void a_too_long_trace_id_is_refused_under_the_field_the_client_used() {
        var longId = "x".repeat(300);

        var response = sdkFeedback("{\"inference_id\": \"" + longId + "\", \"score\": 1}");

        assertEquals(422, response.status(), response.body());
        assertEquals("[\"body\",\"inference_id\"]", response.json().get("detail").get(0).get("loc").toString());
    }

    // ------------------------------------------------------------------ credentials and tenants

    @Test
    void the_key_is_accepted_in_x_api_key_x_user_id_and_bearer() {
        var trace = aTrace();

        var viaApiKey = feedback(pythonSdkBody(trace, 0.1, null), "x-api-key", api.key());
        var viaUserId = feedback(pythonSdkBody(trace, 0.2, null), "x-user-id", api.key());
        var viaBearer = feedback(pythonSdkBody(trace, 0.3, null), "Authorization", "Bearer " + api.key());

        assertEquals(200, viaApiKey.status(), viaApiKey.body());
        assertEquals(200, viaUserId.status(), viaUserId.body());
        assertEquals(200, viaBearer.status(), viaBearer.body());
        assertEquals(3, theOnlyNativeFeedbackOf(trace).get("revision").asInt());
    }

    @Test
    void without_a_key_or_with_a_wrong_one_the_answer_is_fastapis_401() {
        var body = pythonSdkBody(aTrace(), 0.5, null);

        var none = feedback(body, "no-auth", "1");
        var wrong = feedback(body, "x-api-key", "not-a-key");

        assertEquals(401, none.status(), none.body());
        assertEquals(json("{\"detail\": \"Not authenticated\"}"), none.json());
        assertEquals(401, wrong.status(), wrong.body());
        assertEquals(json("{\"detail\": \"Not authenticated\"}"), wrong.json());
        var noKeyContract = PAREA.ignoring("validation.request.security.missing", "validation.response.status.unknown");
        assertMatchesSeed(noKeyContract, Map.of(), body, none);
    }

    @Test
    void organization_id_in_the_body_is_ignored_and_the_feedback_lands_in_the_keys_tenant() {
        var trace = aTrace();
        var other = hub.otherTenant();
        var body = """
                {"trace_id": "%s", "score": 1, "organization_id": "some-other-org"}""".formatted(trace);

        var response = sdkFeedback(body);

        assertEquals(200, response.status(), response.body());
        assertMatchesSeed(PAREA_SDK, Map.of("x-api-key", api.key()), body, response);
        assertEquals(1, nativeFeedbackOf(api, trace).size());
        assertEquals(0, nativeFeedbackOf(other, trace).size(), "another tenant cannot see it");
        var otherWrites = other.post(BASE + "/feedback", pythonSdkBody(trace, 0.0, null), "x-api-key", other.key());
        assertEquals(200, otherWrites.status(), otherWrites.body());
        assertNotEquals(response.json().get("id"), otherWrites.json().get("id"), "the same trace id is another record there");
        assertEquals(1.0, theOnlyNativeFeedbackOf(trace).get("score").asDouble(), "and does not touch this tenant's");
    }

    // ------------------------------------------------------------------ projects

    @Test
    void creating_a_project_registers_an_agent_once_and_then_finds_it() {
        var name = "project-" + UUID.randomUUID();

        var first = api.post(BASE + "/project", "{\"name\": \"" + name + "\"}", "x-api-key", api.key());
        var second = api.post(BASE + "/project", "{\"name\": \"" + name + "\"}", "x-api-key", api.key());

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        var created = first.json();
        assertEquals(name, created.get("name").asText());
        assertTrue(created.get("uuid").isTextual());
        assertTrue(created.get("created_at").isTextual(), "parea-sdk-py reads created_at as str");
        assertTrue(created.get("was_created").asBoolean());
        assertFalse(second.json().get("was_created").asBoolean());
        assertEquals(created.get("uuid"), second.json().get("uuid"));
        assertEquals(created.get("created_at"), second.json().get("created_at"));
        var agent = api.get("/v1/agents/" + created.get("uuid").asText());
        assertEquals(200, agent.status(), agent.body());
        assertEquals(name, agent.json().get("name").asText());
    }

    @Test
    void a_project_uuid_depends_on_the_name_and_the_tenant() {
        var name = "project-" + UUID.randomUUID();
        var other = hub.otherTenant();

        var here = api.post(BASE + "/project", "{\"name\": \"" + name + "\"}", "x-api-key", api.key()).json();
        var elsewhere = other.post(BASE + "/project", "{\"name\": \"" + name + "\"}", "x-api-key", other.key()).json();
        var anotherName = api.post(BASE + "/project", "{\"name\": \"" + name + "-2\"}", "x-api-key", api.key()).json();

        assertTrue(elsewhere.get("was_created").asBoolean(), "a tenant never sees another's projects");
        assertNotEquals(here.get("uuid"), elsewhere.get("uuid"));
        assertNotEquals(here.get("uuid"), anotherName.get("uuid"));
    }

    @Test
    void a_project_without_a_name_is_a_fastapi_422() {
        var response = api.post(BASE + "/project", "{}", "x-api-key", api.key());

        assertEquals(422, response.status(), response.body());
        assertEquals(json("{\"detail\": [{\"type\": \"missing\", \"loc\": [\"body\", \"name\"], \"msg\": \"Field required\", \"input\": {}}]}"),
                response.json());
    }
}
