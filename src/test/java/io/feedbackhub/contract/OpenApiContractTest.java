package io.feedbackhub.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link OpenApiContract} accepts the seed documents' own examples and rejects
 * interactions that break them. (The compatibility endpoints' own contract tests use the helper
 * against real requests and responses.)
 */
class OpenApiContractTest {

    private static final Map<String, String> NO_HEADERS = Map.of();

    private static void assertViolation(List<String> violations, String expectedFragment) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expectedFragment)),
                () -> "expected a violation containing '" + expectedFragment + "' but got " + violations);
    }

    // ---------------------------------------------------------------- Scale (seed 000)

    private static final OpenApiContract SCALE = OpenApiContract.load("contracts/scale.yaml");
    private static final String SCALE_PATH = "/v4/threads/thread-1/messages/interaction-1/feedback";

    @Test
    void scaleUpsertFromSeedIsValid() {
        String request = """
                {"chat_thread_id": "thread-1", "application_interaction_id": "interaction-1",
                 "sentiment": "positive", "description": "Great answer"}""";
        String response = """
                {"id": "fb-1", "chat_thread_id": "thread-1", "application_interaction_id": "interaction-1",
                 "sentiment": "positive", "description": "Great answer", "created_at": "2024-01-15T10:30:00Z"}""";
        SCALE.assertValid("PUT", SCALE_PATH, Map.of("x-api-key", "k"), request, 200, NO_HEADERS, response);
        // Schemas without additionalProperties: false accept members they do not mention.
        SCALE.assertValid("PUT", SCALE_PATH, NO_HEADERS, request, 200, NO_HEADERS,
                response.replace("{", "{\"updated_at\": null, "));
    }

    @Test
    void scaleRejectsUnknownSentimentAndShapesTheFastApi422() {
        String request = """
                {"chat_thread_id": "thread-1", "application_interaction_id": "interaction-1",
                 "sentiment": "neutral", "description": "meh"}""";
        String validation422 = """
                {"detail": [{"loc": ["body", "sentiment"], "msg": "Input should be 'positive' or 'negative'",
                 "type": "enum", "input": "neutral", "ctx": {"expected": "'positive' or 'negative'"}}]}""";
        List<String> violations = SCALE.violations("PUT", SCALE_PATH, NO_HEADERS, request, 422, NO_HEADERS, validation422);
        assertEquals(1, violations.size(), violations::toString);
        assertViolation(violations, "validation.request.body.schema.enum");

        // A response that is not the documented shape is caught too.
        List<String> badResponse = SCALE.violations("PUT", SCALE_PATH, NO_HEADERS, null, 200, NO_HEADERS,
                "{\"id\": \"fb-1\", \"sentiment\": \"positive\"}");
        assertViolation(badResponse, "validation.request.body.missing");
        assertViolation(badResponse, "validation.response.body.schema.required");
    }

    // ---------------------------------------------------------------- Contextual AI (seed 001)

    private static final OpenApiContract CONTEXTUAL = OpenApiContract.load("contracts/contextual.yaml");
    private static final String CONTEXTUAL_PATH = "/agents/3c90c3cc-0d44-4b50-8888-8dd25736052a/feedback";
    private static final Map<String, String> CONTEXTUAL_AUTH = Map.of("Authorization", "Bearer key-1");

    @Test
    void contextualFeedbackIsValidWithOrWithoutTheV1ServerPrefix() {
        String request = """
                {"message_id": "8540d774-4863-4d2b-b788-4ecb19412e85", "feedback": "thumbs_up",
                 "explanation": "Good", "query_category": "billing"}""";
        String response = "{\"feedback_id\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\"}";
        CONTEXTUAL.assertValid("POST", CONTEXTUAL_PATH, CONTEXTUAL_AUTH, request, 200, NO_HEADERS, response);
        CONTEXTUAL.assertValid("POST", "/v1" + CONTEXTUAL_PATH, CONTEXTUAL_AUTH, request, 200, NO_HEADERS, response);
    }

    @Test
    void contextualRejectsAdditionalPropertiesBadUuidsAndMissingBearer() {
        String extraField = """
                {"message_id": "8540d774-4863-4d2b-b788-4ecb19412e85", "feedback": "thumbs_down", "rating": 1}""";
        List<String> violations = CONTEXTUAL.violations("POST", CONTEXTUAL_PATH, CONTEXTUAL_AUTH, extraField,
                200, NO_HEADERS, "{\"feedback_id\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\"}");
        assertEquals(1, violations.size(), violations::toString);
        assertViolation(violations, "validation.request.body.schema.additionalProperties");

        List<String> badIdsNoAuth = CONTEXTUAL.violations("POST", "/agents/not-a-uuid/feedback", NO_HEADERS,
                "{\"message_id\": \"msg-1\", \"feedback\": \"thumbs_up\"}", 200, NO_HEADERS, "{\"feedback_id\": \"fb-1\"}");
        assertViolation(badIdsNoAuth, "validation.request.parameter.schema.format");
        assertViolation(badIdsNoAuth, "validation.request.body.schema.format");
        assertViolation(badIdsNoAuth, "validation.response.body.schema.format");
        assertViolation(badIdsNoAuth, "validation.request.security.missing");
    }

    // ---------------------------------------------------------------- Parea (seed 004)

    private static final OpenApiContract PAREA = OpenApiContract.load("contracts/parea.yaml");
    private static final String PAREA_SEED_EXAMPLE = """
            {"trace_id": "sasdc-csd-rnFesaeCpqcXJ_yL3wi", "score": 0.5, "name": "test", "target": "perfect answer"}""";

    @Test
    void pareaSeedExampleIsValid() {
        PAREA.assertValid("POST", "/api/parea/v1/feedback", Map.of("x-user-id", "key-1"), PAREA_SEED_EXAMPLE,
                200, NO_HEADERS, "null");
        // What the Python SDK sends: unset optionals as explicit nulls.
        String pythonSdk = """
                {"trace_id": "t-1", "inference_id": null, "score": 1, "comment": null, "target": null,
                 "organization_id": null, "name": null}""";
        PAREA.assertValid("POST", "/api/parea/v1/feedback", Map.of("x-user-id", "key-1"), pythonSdk,
                200, NO_HEADERS, "{}");
    }

    @Test
    void pareaRejectsMissingOrOutOfRangeScoreAndTheSdksHeaderUnlessIgnored() {
        assertViolation(PAREA.violations("POST", "/api/parea/v1/feedback", Map.of("x-user-id", "k"),
                "{\"trace_id\": \"t-1\"}", 200, NO_HEADERS, "{}"), "validation.request.body.schema.required");
        assertViolation(PAREA.violations("POST", "/api/parea/v1/feedback", Map.of("x-user-id", "k"),
                "{\"trace_id\": \"t-1\", \"score\": 1.5}", 200, NO_HEADERS, "{}"), "validation.request.body.schema.maximum");
        assertViolation(PAREA.violations("POST", "/api/parea/v1/feedback", Map.of("x-user-id", "k"),
                "{\"trace_id\": 7, \"score\": 0.5}", 200, NO_HEADERS, "{}"), "validation.request.body.schema.type");

        // The seed's security scheme names x-user-id; the SDKs send x-api-key (see seeds/README.md).
        Map<String, String> sdkHeaders = Map.of("x-api-key", "k");
        assertViolation(PAREA.violations("POST", "/api/parea/v1/feedback", sdkHeaders, PAREA_SEED_EXAMPLE,
                200, NO_HEADERS, "{}"), "validation.request.security.missing");
        assertEquals(List.of(), PAREA.ignoring("validation.request.security.missing")
                .violations("POST", "/api/parea/v1/feedback", sdkHeaders, PAREA_SEED_EXAMPLE, 200, NO_HEADERS, "{}"));
    }

    // ---------------------------------------------------------------- VirtuousAI (seed 002)

    private static final OpenApiContract VIRTUOUS = OpenApiContract.load("contracts/virtuous.yaml");
    private static final Map<String, String> VIRTUOUS_AUTH = Map.of("X-API-Key", "key-1");
    private static final String VIRTUOUS_ITEM = """
            {
              "clientFeedbackId": "91682908-9b2b-46c5-8c0f-d5df82e2290d",
              "comment": "string",
              "createdAt": "2019-08-24T14:15:22Z",
              "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
              "kind": "message_reaction",
              "messageId": "8540d774-4863-4d2b-b788-4ecb19412e85",
              "reaction": "thumbs_up",
              "reasons": ["incorrect"],
              "sourceSurface": "chat_message",
              "tenantId": "f97df110-f4de-492e-8849-4a6af68026b0",
              "threadId": "51f72284-0555-48fe-a20a-4369ee94dc3e",
              "turnId": "7513f73d-27ec-455d-85b7-7bd021b4dccf",
              "updatedAt": "2019-08-24T14:15:22Z",
              "userId": "2c4a230c-5085-4924-a3e1-25fb4fc5965b"
            }""";
    private static final String VIRTUOUS_CREATE = """
            {"clientFeedbackId": "91682908-9b2b-46c5-8c0f-d5df82e2290d", "kind": "message_reaction",
             "messageId": "8540d774-4863-4d2b-b788-4ecb19412e85", "reaction": "thumbs_up",
             "threadId": "51f72284-0555-48fe-a20a-4369ee94dc3e"}""";

    @Test
    void virtuousSeedExamplesAreValid() {
        VIRTUOUS.assertValid("POST", "/api/v1/feedback", VIRTUOUS_AUTH, VIRTUOUS_CREATE, 200, NO_HEADERS, VIRTUOUS_ITEM);
        String itemWithNulls = VIRTUOUS_ITEM.replace("\"string\"", "null").replace("[\"incorrect\"]", "null")
                .replace("\"7513f73d-27ec-455d-85b7-7bd021b4dccf\"", "null");
        VIRTUOUS.assertValid("GET", "/api/v1/feedback/threads/51f72284-0555-48fe-a20a-4369ee94dc3e/reactions",
                Map.of("vai_token", "t"), null, 200, NO_HEADERS, "[" + VIRTUOUS_ITEM + "," + itemWithNulls + "]");
        VIRTUOUS.assertValid("GET", "/api/v1/feedback/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                Map.of("authorization", "Bearer t"), null, 200, NO_HEADERS, VIRTUOUS_ITEM);
        VIRTUOUS.assertValid("PATCH", "/api/v1/feedback/497f6eca-6276-4993-bfeb-53cbbbba6f08", VIRTUOUS_AUTH,
                "{\"kind\": \"message_reaction\", \"reaction\": null, \"reasons\": [\"too_long\"]}", 200, NO_HEADERS, VIRTUOUS_ITEM);
        VIRTUOUS.assertValid("DELETE", "/api/v1/feedback/497f6eca-6276-4993-bfeb-53cbbbba6f08", VIRTUOUS_AUTH,
                null, 204, NO_HEADERS, null);
        // An invalid request answered with FastAPI's 422: only the request is reported, the 422 body conforms.
        List<String> invalidRequest = VIRTUOUS.violations("POST", "/api/v1/feedback", VIRTUOUS_AUTH,
                VIRTUOUS_CREATE.replace("\"kind\": \"message_reaction\",", ""), 422, NO_HEADERS,
                "{\"detail\": [{\"loc\": [\"body\", \"kind\"], \"msg\": \"Field required\", \"type\": \"missing\"}]}");
        assertEquals(1, invalidRequest.size(), invalidRequest::toString);
        assertViolation(invalidRequest, "[validation.request.body.schema.required] required property 'kind' not found");
    }

    @Test
    void virtuousRejectsWrongEnumMissingFieldAndNonUuid() {
        String wrongReaction = VIRTUOUS_CREATE.replace("thumbs_up", "meh");
        List<String> violations = VIRTUOUS.violations("POST", "/api/v1/feedback", VIRTUOUS_AUTH, wrongReaction,
                200, NO_HEADERS, VIRTUOUS_ITEM);
        assertEquals(1, violations.size(), violations::toString);
        assertViolation(violations, "validation.request.body.schema.enum");

        String missingThread = VIRTUOUS_CREATE.replace(",\n \"threadId\": \"51f72284-0555-48fe-a20a-4369ee94dc3e\"", "");
        assertFalse(missingThread.contains("threadId"));
        assertViolation(VIRTUOUS.violations("POST", "/api/v1/feedback", VIRTUOUS_AUTH, missingThread,
                200, NO_HEADERS, VIRTUOUS_ITEM), "validation.request.body.schema.required");

        assertViolation(VIRTUOUS.violations("GET", "/api/v1/feedback/42", VIRTUOUS_AUTH, null,
                200, NO_HEADERS, VIRTUOUS_ITEM), "validation.request.parameter.schema.format");
        assertViolation(VIRTUOUS.violations("GET", "/api/v1/feedback/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                VIRTUOUS_AUTH, null, 200, NO_HEADERS, VIRTUOUS_ITEM.replace("2019-08-24T14:15:22Z", "yesterday")),
                "validation.response.body.schema.format");
        assertViolation(VIRTUOUS.violations("DELETE", "/api/v1/feedback/497f6eca-6276-4993-bfeb-53cbbbba6f08",
                NO_HEADERS, null, 204, NO_HEADERS, null), "validation.request.security.missing");
    }

    // ---------------------------------------------------------------- Devic (seed 003)

    private static final OpenApiContract DEVIC = OpenApiContract.load("contracts/devic.yaml");
    private static final Map<String, String> DEVIC_AUTH = Map.of("Authorization", "Bearer devic-your-api-key");
    private static final String DEVIC_CHAT_PATH =
            "/api/v1/assistants/default/chats/550e8400-e29b-41d4-a716-446655440000/feedback";
    private static final String DEVIC_CHAT_REQUEST = """
            {
              "messageId": "msg-abc123",
              "feedback": true,
              "feedbackComment": "This response was very helpful and accurate!",
              "feedbackData": {"rating": 5, "categories": ["helpful", "accurate", "well-formatted"]}
            }""";
    private static final String DEVIC_CHAT_RESPONSE = """
            {
              "success": true,
              "data": {
                "_id": "64f5a5b8c123456789abcdef",
                "requestId": "msg-abc123",
                "chatUID": "550e8400-e29b-41d4-a716-446655440000",
                "feedback": true,
                "feedbackComment": "This response was very helpful and accurate!",
                "feedbackData": {"rating": 5, "categories": ["helpful", "accurate", "well-formatted"]},
                "creationTimestamp": "2024-01-15T10:30:00.000Z"
              }
            }""";

    @Test
    void devicSeedExamplesAreValid() {
        DEVIC.assertValid("POST", DEVIC_CHAT_PATH, DEVIC_AUTH, DEVIC_CHAT_REQUEST, 200, NO_HEADERS, DEVIC_CHAT_RESPONSE);
        DEVIC.assertValid("POST", "/api/v1/assistants/default/chats/chat-123/feedback", DEVIC_AUTH,
                "{\"messageId\": \"msg-001\", \"feedback\": true, \"feedbackComment\": \"Actually, after re-reading, this was helpful!\"}",
                200, NO_HEADERS, """
                {"success": true, "data": {"_id": "64f5a5b8c123456789abcdef", "requestId": "msg-001",
                 "chatUID": "chat-123", "feedback": true,
                 "feedbackComment": "Actually, after re-reading, this was helpful!",
                 "creationTimestamp": "2024-01-15T10:30:00.000Z", "lastEditTimestamp": "2024-01-15T11:00:00.000Z"}}""");
        DEVIC.assertValid("GET", "/api/v1/agents/threads/thread-456/feedback", DEVIC_AUTH, null, 200, NO_HEADERS, """
                {"success": true, "data": [
                  {"_id": "64f5a5b8c123456789abcdef", "requestId": "step-response-001", "threadId": "thread-456",
                   "agentId": "agent-123", "feedback": true, "feedbackComment": "Great response",
                   "creationTimestamp": "2024-01-15T10:30:00.000Z"},
                  {"_id": "64f5a5b8c123456789abcde0", "requestId": "step-response-002", "threadId": "thread-456",
                   "agentId": "agent-123", "feedback": false, "feedbackComment": "This step took too long",
                   "feedbackData": {"issue": "performance"}, "creationTimestamp": "2024-01-15T10:32:00.000Z"}]}""");
        DEVIC.assertValid("POST", "/api/v1/agents/threads/unknown/feedback", DEVIC_AUTH, "{\"messageId\": \"m\"}",
                404, NO_HEADERS, "{\"success\": false, \"error\": \"Thread not found\"}");
    }

    @Test
    void devicRejectsWrongTypesMissingFieldsAndBadIds() {
        List<String> violations = DEVIC.violations("POST", DEVIC_CHAT_PATH, DEVIC_AUTH,
                DEVIC_CHAT_REQUEST.replace("\"feedback\": true", "\"feedback\": \"yes\""), 200, NO_HEADERS, DEVIC_CHAT_RESPONSE);
        assertEquals(1, violations.size(), violations::toString);
        assertViolation(violations, "validation.request.body.schema.type");

        assertViolation(DEVIC.violations("POST", DEVIC_CHAT_PATH, DEVIC_AUTH, "{\"feedback\": true}",
                200, NO_HEADERS, DEVIC_CHAT_RESPONSE), "validation.request.body.schema.required");
        assertViolation(DEVIC.violations("POST", DEVIC_CHAT_PATH, DEVIC_AUTH, DEVIC_CHAT_REQUEST,
                200, NO_HEADERS, DEVIC_CHAT_RESPONSE.replace("64f5a5b8c123456789abcdef", "1")),
                "validation.response.body.schema.pattern");
        // A thread item lacks chat fields and vice versa: chat response shape on the thread path fails.
        assertViolation(DEVIC.violations("POST", "/api/v1/agents/threads/thread-456/feedback", DEVIC_AUTH,
                DEVIC_CHAT_REQUEST, 200, NO_HEADERS, DEVIC_CHAT_RESPONSE), "validation.response.body.schema.required");
        // The bare item without the {success, data} envelope fails.
        assertViolation(DEVIC.violations("GET", DEVIC_CHAT_PATH, DEVIC_AUTH, null, 200, NO_HEADERS, "[]"),
                "validation.response.body.schema.type");
        assertViolation(DEVIC.violations("GET", DEVIC_CHAT_PATH, DEVIC_AUTH, null, 404, NO_HEADERS,
                "{\"success\": true, \"error\": \"Chat history not found\"}"), "validation.response.body.schema.const");
        assertViolation(DEVIC.violations("GET", DEVIC_CHAT_PATH, NO_HEADERS, null, 200, NO_HEADERS,
                "{\"success\": true, \"data\": []}"), "validation.request.security.missing");
    }

    // ---------------------------------------------------------------- the helper itself

    @Test
    void unknownPathsMethodsAndStatusesAreViolationsAndAssertValidFails() {
        assertViolation(SCALE.violations("GET", SCALE_PATH, NO_HEADERS, null, 200, NO_HEADERS, "{}"),
                "validation.request.operation.notAllowed");
        assertViolation(SCALE.violations("PUT", "/v4/nothing", NO_HEADERS, null, 200, NO_HEADERS, "{}"),
                "validation.request.path.missing");
        assertViolation(DEVIC.violations("GET", DEVIC_CHAT_PATH, DEVIC_AUTH, null, 500, NO_HEADERS,
                "{\"success\": false}"), "validation.response.status.unknown");
        AssertionError error = assertThrows(AssertionError.class, () -> DEVIC.assertValid(
                "GET", DEVIC_CHAT_PATH, DEVIC_AUTH, null, 200, NO_HEADERS, "{\"success\": true}"));
        assertTrue(error.getMessage().contains("contracts/devic.yaml"), error::getMessage);
        assertTrue(error.getMessage().contains("validation.response.body.schema.required"), error::getMessage);
        assertThrows(IllegalArgumentException.class, () -> OpenApiContract.load("contracts/nope.yaml"));
    }
}
