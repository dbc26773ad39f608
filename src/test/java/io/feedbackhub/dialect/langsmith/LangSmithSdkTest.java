package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.NeedsNode;
import io.feedbackhub.testing.NodeScript;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official LangSmith JS SDK ({@code langsmith}'s {@code Client}, pinned in src/test/js/package-lock.json)
 * against a real server: {@code src/test/js/langsmith-sdk.mjs} creates, reads, updates, lists and deletes feedback
 * and records feedback through a presigned token once per store; each test checks one promise in what the SDK got
 * back, and re-reads the same feedback through the native API and its stats.
 */
@NeedsNode
@HubTest
class LangSmithSdkTest {
    @Parameter
    TestHub hub;
    JsonNode sdk;
    String run;
    String runId;
    String sessionId;
    String correctnessId;
    String thumbsId;

    @BeforeParameterizedClassInvocation
    void runTheSdk() {
        run = Long.toString(System.nanoTime(), 36);
        runId = UUID.randomUUID().toString();
        sessionId = UUID.randomUUID().toString();
        correctnessId = UUID.randomUUID().toString();
        thumbsId = UUID.randomUUID().toString();
        sdk = NodeScript.run("langsmith-sdk.mjs", Map.of(
                "FH_BASE_URL", hub.baseUrl(),
                "FH_SECRET_KEY", TestHub.SECRET_KEY,
                "FH_RUN", run,
                "FH_RUN_ID", runId,
                "FH_SESSION_ID", sessionId,
                "FH_FEEDBACK_CORRECTNESS", correctnessId,
                "FH_FEEDBACK_THUMBS", thumbsId,
                "LANGSMITH_TRACING", "false"));
    }

    JsonNode step(String name) {
        var answer = sdk.get(name);
        assertNotNull(answer, "the script recorded no step " + name + ": " + sdk);
        assertFalse(answer.has("error"), name + " failed: " + answer);
        return answer;
    }

    JsonNode nativeFeedback(String key) {
        return hub.api.get("/v1/feedback?message_id=" + runId + "&name=" + key + "_" + run).json().get("items");
    }

    @Test
    void feedback_created_through_the_sdk_reads_back_under_the_id_the_sdk_chose() {
        var read = step("readCreated");

        assertEquals(correctnessId, read.get("id").asText());
        assertEquals(runId, read.get("run_id").asText());
        assertEquals(sessionId, read.get("session_id").asText());
        assertEquals("correctness_" + run, read.get("key").asText());
        assertEquals(0.8, read.get("score").asDouble());
        assertEquals("mostly right", read.get("value").asText());
        assertEquals("first look", read.get("comment").asText());
        assertEquals("the fixed answer", read.get("correction").get("output").asText());
        assertEquals("api", read.get("feedback_source").get("type").asText());
        assertEquals("review", read.get("feedback_source").get("metadata").get("channel").asText());
    }

    @Test
    void an_update_changes_only_the_fields_it_sends() {
        assertTrue(step("update").get("updated").asBoolean());
        var read = step("readUpdated");

        assertEquals(correctnessId, read.get("id").asText());
        assertEquals(0.3, read.get("score").asDouble());
        assertEquals("second look", read.get("comment").asText());
        assertEquals("mostly right", read.get("value").asText(), "the value was not sent, so it stays");
        assertEquals("the fixed answer", read.get("correction").get("output").asText());
    }

    @Test
    void a_retried_create_with_the_same_id_makes_no_second_record() {
        step("createdThumbs");
        step("retriedThumbs");

        var byKey = step("listByKey");
        assertEquals(1, byKey.size(), byKey.toString());
        assertEquals(thumbsId, byKey.get(0).get("id").asText());
        assertEquals(1.0, byKey.get(0).get("score").asDouble(), "a boolean score is 1 or 0");
    }

    @Test
    void the_listing_filters_by_run_and_key_as_a_json_array() {
        var byRun = step("listByRun");

        assertTrue(byRun.isArray());
        var ids = byRun.findValuesAsText("id");
        assertTrue(ids.containsAll(List.of(correctnessId, thumbsId)), ids.toString());
        assertEquals(2, byRun.size(), "nothing but this run's feedback: " + byRun);
    }

    @Test
    void a_presigned_token_records_feedback_without_a_key_until_it_expires() {
        var token = step("token");
        assertTrue(Ids.looksLikeUuid(token.get("id").asText()), token.toString());
        assertTrue(token.get("url").asText().endsWith("/compat/langsmith/feedback/tokens/" + token.get("id").asText()));
        var expires = Instant.parse(token.get("expires_at").asText());
        var untilExpiry = Duration.between(Instant.now(), expires);
        assertTrue(untilExpiry.compareTo(Duration.ofMinutes(170)) > 0 && untilExpiry.compareTo(Duration.ofMinutes(181)) < 0,
                "three hours by default: " + expires);

        assertEquals(200, step("submitByGet").get("status").asInt(), sdk.get("submitByGet").toString());
        assertEquals(200, step("submitByPost").get("status").asInt(), sdk.get("submitByPost").toString());
        var recorded = nativeFeedback("rating");
        assertEquals(2, recorded.size(), "an anonymous vote and user-9's: " + recorded);
        for (var f : recorded) {
            assertEquals("user", f.get("source").asText());
        }
        assertTrue(recorded.toString().contains("from the link"));
        assertTrue(recorded.toString().contains("user-9"));
    }

    @Test
    void deleted_feedback_is_gone_from_langsmith_and_from_the_native_api() {
        assertTrue(step("delete").get("deleted").asBoolean());
        assertEquals(404, sdk.get("readDeleted").get("error").get("status").asInt());
        assertFalse(step("listAfterDelete").findValuesAsText("id").contains(thumbsId));
        assertEquals(0, nativeFeedback("thumbs").size());
    }

    @Test
    void sdk_feedback_is_native_feedback_and_counts_in_stats() {
        step("readUpdated");
        var record = nativeFeedback("correctness").get(0);
        assertEquals(correctnessId, record.get("client_feedback_id").asText());
        assertEquals(sessionId, record.get("agent_id").asText());
        assertEquals("mostly right", record.get("label").asText());
        assertEquals("user-7", record.get("author_id").asText());
        assertEquals(2, record.get("revision").asInt());

        var stats = hub.api.get("/v1/stats?name=correctness_" + run).json();
        assertEquals(1, stats.get("overall").get("total").asInt(), stats.toString());
        // Its correction makes it a gold answer, whose score the native stats keep out of means (Contribution).
        assertEquals(0, stats.get("overall").get("score").get("count").asInt(), stats.toString());
        step("submitByPost");
        var ratings = hub.api.get("/v1/stats?name=rating_" + run).json();
        assertEquals(2, ratings.get("overall").get("total").asInt(), ratings.toString());
        assertEquals(0.5, ratings.get("overall").get("score").get("mean").asDouble(), 1e-9);
        var byAgent = hub.api.get("/v1/stats?agent_id=" + sessionId).json();
        assertEquals(1, byAgent.get("overall").get("total").asInt(), "the session's feedback, thumbs deleted: " + byAgent);
    }

    @Test
    void a_wrong_key_is_refused_with_401() {
        var refused = sdk.get("wrongKey").get("error");
        assertEquals(401, refused.get("status").asInt(), refused.toString());
    }

    /** UUIDs as LangSmith's SDKs parse them out of token URLs. */
    static final class Ids {
        static boolean looksLikeUuid(String s) {
            try {
                return UUID.fromString(s).toString().equals(s);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
