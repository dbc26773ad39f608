package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.NeedsNode;
import io.feedbackhub.testing.NodeScript;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Langfuse JS SDK ({@code @langfuse/client}, pinned in src/test/js/package-lock.json) against a real
 * server: {@code src/test/js/langfuse-sdk.mjs} creates, reads, updates, lists and deletes scores and a score config
 * through the SDK once per store; each test checks one promise in what the SDK got back, and re-reads the same
 * feedback through the native API and its stats.
 */
@NeedsNode
@HubTest
class LangfuseSdkTest {
    @Parameter
    TestHub hub;
    JsonNode sdk;
    String run;
    String trace;
    String observation;
    String session;
    String accuracyId;
    String helpfulnessId;
    String hallucinationId;

    @BeforeParameterizedClassInvocation
    void runTheSdk() {
        run = Long.toString(System.nanoTime(), 36);
        trace = "trace-" + UUID.randomUUID();
        observation = "obs-" + UUID.randomUUID();
        session = "session-" + UUID.randomUUID();
        accuracyId = UUID.randomUUID().toString();
        helpfulnessId = UUID.randomUUID().toString();
        hallucinationId = UUID.randomUUID().toString();
        sdk = NodeScript.run("langfuse-sdk.mjs", Map.of(
                "FH_BASE_URL", hub.baseUrl(),
                "FH_SECRET_KEY", TestHub.SECRET_KEY,
                "FH_RUN", run,
                "FH_TRACE_ID", trace,
                "FH_OBSERVATION_ID", observation,
                "FH_SESSION_ID", session,
                "FH_SCORE_ACCURACY", accuracyId,
                "FH_SCORE_HELPFULNESS", helpfulnessId,
                "FH_SCORE_HALLUCINATION", hallucinationId));
    }

    /** The SDK's answer of one step, failing with the whole transcript when the step failed. */
    JsonNode step(String name) {
        var answer = sdk.get(name);
        assertNotNull(answer, "the script recorded no step " + name + ": " + sdk);
        assertFalse(answer.has("error"), name + " failed: " + answer);
        return answer;
    }

    @Test
    void the_sdk_passes_the_health_check_and_creates_a_score_config() {
        assertEquals("OK", step("health").get("status").asText());

        var config = step("config");
        assertEquals("helpfulness_" + run, config.get("id").asText());
        assertEquals("CATEGORICAL", config.get("dataType").asText());
        assertEquals("good", config.get("categories").get(1).get("label").asText());
        assertEquals(1, config.get("categories").get(1).get("value").asInt());
        assertTrue(step("configs").get("data").findValuesAsText("id").contains("helpfulness_" + run));
    }

    @Test
    void a_score_created_through_the_sdk_reads_back_with_its_id_targets_and_metadata() {
        var score = step("readCreated");

        assertEquals(accuracyId, score.get("id").asText());
        assertEquals(trace, score.get("traceId").asText());
        assertEquals(observation, score.get("observationId").asText());
        assertEquals(session, score.get("sessionId").asText());
        assertEquals("NUMERIC", score.get("dataType").asText());
        assertEquals(0.9, score.get("value").asDouble());
        assertEquals("first look", score.get("comment").asText());
        assertEquals("production", score.get("environment").asText());
        assertEquals("user-1", score.get("authorUserId").asText());
        assertEquals("API", score.get("source").asText());
        assertEquals(3, score.get("metadata").get("prompt").get("version").asInt(), "nested metadata comes back as sent");
    }

    @Test
    void sending_the_same_score_id_again_updates_that_score_in_place() {
        var created = step("readCreated");
        var updated = step("readUpdated");

        assertEquals(accuracyId, updated.get("id").asText());
        assertEquals(0.4, updated.get("value").asDouble());
        assertEquals("second look", updated.get("comment").asText());
        assertEquals(created.get("createdAt").asText(), updated.get("createdAt").asText());

        var records = hub.api.get("/v1/feedback?trace_id=" + trace + "&name=accuracy_" + run).json().get("items");
        assertEquals(1, records.size(), "one record, not two: " + records);
        assertEquals(2, records.get(0).get("revision").asInt());
        var history = hub.api.get("/v1/feedback/" + records.get(0).get("id").asText() + "/history").json();
        assertTrue(history.toString().contains("first look"), "the first value is kept in history: " + history);
    }

    @Test
    void categorical_and_boolean_scores_read_back_with_their_data_types() {
        var categorical = step("readCategorical");
        assertEquals("CATEGORICAL", categorical.get("dataType").asText());
        assertEquals("good", categorical.get("stringValue").asText());
        assertEquals(1.0, categorical.get("value").asDouble(), "the category's value in its config");
        assertEquals("helpfulness_" + run, categorical.get("configId").asText());

        var bool = step("readBoolean");
        assertEquals("BOOLEAN", bool.get("dataType").asText());
        assertEquals(0.0, bool.get("value").asDouble());
        assertEquals("False", bool.get("stringValue").asText());
    }

    @Test
    void the_v2_listing_pages_with_meta_totals() {
        var first = step("listByTrace");
        var second = step("listByTracePage2");

        assertEquals(3, first.get("meta").get("totalItems").asInt());
        assertEquals(2, first.get("meta").get("totalPages").asInt());
        assertEquals(2, first.get("data").size());
        assertEquals(1, second.get("data").size());
        var ids = new ArrayList<String>();
        first.get("data").forEach(s -> ids.add(s.get("id").asText()));
        second.get("data").forEach(s -> ids.add(s.get("id").asText()));
        assertEquals(List.of(accuracyId, helpfulnessId, hallucinationId).stream().sorted().toList(), ids.stream().sorted().toList());

        var byName = step("listByName");
        assertEquals(1, byName.get("meta").get("totalItems").asInt());
        assertEquals(accuracyId, byName.get("data").get(0).get("id").asText());
    }

    @Test
    void the_v3_listing_pages_by_cursor_with_polymorphic_values() {
        var page = step("listV3");

        assertEquals(2, page.get("data").size());
        assertTrue(page.get("meta").hasNonNull("cursor"), "a third score follows: " + page);
        for (var score : page.get("data")) {
            assertTrue(score.has("subject") && score.has("comment"), "fields=details,subject: " + score);
            if (score.get("dataType").asText().equals("BOOLEAN")) {
                assertTrue(score.get("value").isBoolean());
            }
        }
    }

    @Test
    void a_score_created_without_an_id_gets_one_that_reads_back() {
        var id = step("createDirect").get("id").asText();

        var read = hub.api.get("/compat/langfuse/api/public/v2/scores/" + id, "Authorization", basic("pk", TestHub.SECRET_KEY));
        assertEquals(200, read.status(), read.toString());
        assertEquals(3.0, read.json().get("value").asDouble());
    }

    @Test
    void an_ingestion_batch_answers_each_event_and_lands_the_valid_ones() {
        var batch = step("mixedBatch");

        // a trace-create is recorded as context (TraceEvents), beside the scores
        assertEquals(List.of("event-ok", "event-trace"), batch.get("successes").findValuesAsText("id"));
        var errors = batch.get("errors");
        assertEquals(List.of("event-bad"), errors.findValuesAsText("id"));
        for (var error : errors) {
            assertEquals(400, error.get("status").asInt());
        }
        var landed = hub.api.get("/v1/feedback?trace_id=" + trace + "&name=batch_" + run).json().get("items");
        assertEquals(1, landed.size());
    }

    @Test
    void a_deleted_score_is_gone_from_langfuse_and_from_the_native_api() {
        assertTrue(step("delete").get("deleted").asBoolean());
        assertEquals(404, sdk.get("readDeleted").get("error").get("status").asInt());

        var stored = hub.api.get("/v1/feedback?trace_id=" + trace + "&name=hallucination_" + run).json().get("items");
        assertEquals(0, stored.size());
    }

    @Test
    void scores_are_native_feedback_and_count_in_stats() {
        step("readUpdated");
        var records = hub.api.get("/v1/feedback?trace_id=" + trace + "&name=accuracy_" + run).json().get("items");
        var record = records.get(0);
        assertEquals(observation, record.get("message_id").asText());
        assertEquals(session, record.get("thread_id").asText());
        assertEquals(accuracyId, record.get("client_feedback_id").asText());
        assertEquals("model-a", record.get("metadata").get("model").asText());
        assertEquals("production", record.get("metadata").get("environment").asText());
        assertEquals("user-1", record.get("author_id").asText());

        var stats = hub.api.get("/v1/stats?name=accuracy_" + run).json();
        assertEquals(1, stats.get("overall").get("total").asInt(), stats.toString());
        assertEquals(0.4, stats.get("overall").get("score").get("mean").asDouble(), 1e-9);
    }

    @Test
    void a_wrong_secret_key_is_refused_with_401() {
        var refused = sdk.get("wrongKey").get("error");
        assertEquals(401, refused.get("status").asInt());
        assertTrue(refused.get("body").has("message"), refused.toString());
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
