package io.feedbackhub.dialect.contextual;

import static io.feedbackhub.dialect.DialectTesting.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.Map;

/** Seed 001's Provide Feedback through the Contextual door: what is stored, updated, undone, and seen natively. */
@HubTest
class ContextualFeedbackTest {
    @Parameter
    TestHub hub;
    Api api;
    ContextualClient contextual;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
        contextual = new ContextualClient(api);
    }

    static String feedback(String messageId, String status) {
        return """
                {"message_id": "%s", "feedback": "%s"}""".formatted(messageId, status);
    }

    static String retrievalFeedback(String messageId, String contentId, String status) {
        return """
                {"message_id": "%s", "feedback": "%s", "content_id": "%s"}""".formatted(messageId, status, contentId);
    }

    String feedbackId(Api.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response.json().get("feedback_id").asText();
    }

    Api.Response nativeRead(String id) {
        return api.get("/v1/feedback/" + id);
    }

    int nativeCount(String query) {
        var listed = api.get("/v1/feedback?" + query);
        assertEquals(200, listed.status(), listed.toString());
        return listed.json().get("items").size();
    }

    @Test
    void a_thumbs_up_is_stored_and_answered_with_its_feedback_id() {
        var agent = uuid();
        var message = uuid();

        var response = contextual.provide(agent, """
                {"message_id": "%s", "feedback": "thumbs_up", "explanation": "Cited the right policy",
                 "query_category": "billing"}""".formatted(message));

        var id = feedbackId(response);
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals(Map.of("feedback_id", id), Api.JSON.convertValue(response.json(), Map.class), "the whole body");
        var stored = nativeRead(id).json();
        assertEquals(agent, stored.get("agent_id").asText());
        assertEquals(message, stored.get("message_id").asText());
        assertTrue(stored.get("content_id").isNull());
        assertTrue(stored.get("thread_id").isNull());
        assertEquals("reaction", stored.get("name").asText());
        assertEquals("thumbs_up", stored.get("label").asText());
        assertEquals(1.0, stored.get("score").asDouble(), "a thumbs up scores 1");
        assertEquals("Cited the right policy", stored.get("comment").asText());
        assertEquals("billing", stored.get("query_category").asText());
        assertTrue(stored.get("author_id").isNull());
        assertEquals("user", stored.get("source").asText());
        assertEquals(1, stored.get("revision").asInt());
    }

    @Test
    void a_second_feedback_on_the_same_message_updates_the_same_feedback() {
        var agent = uuid();
        var message = uuid();
        var first = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));

        var second = contextual.provide(agent, """
                {"message_id": "%s", "feedback": "thumbs_down", "explanation": "Outdated price"}""".formatted(message));

        assertEquals(first, feedbackId(second));
        var stored = nativeRead(first).json();
        assertEquals(2, stored.get("revision").asInt());
        assertEquals("thumbs_down", stored.get("label").asText());
        assertEquals(0.0, stored.get("score").asDouble());
        assertEquals("Outdated price", stored.get("comment").asText());
        var history = api.get("/v1/feedback/" + first + "/history").json().get("items");
        assertEquals(2, history.size());
        assertEquals("thumbs_up", history.get(0).get("label").asText());
        assertEquals(1, nativeCount("message_id=" + message));
    }

    @Test
    void flagged_is_kept_as_a_label_without_a_score() {
        var id = feedbackId(contextual.provide(uuid(), """
                {"message_id": "%s", "feedback": "flagged", "explanation": "Unsafe advice"}""".formatted(uuid())));

        var stored = nativeRead(id).json();
        assertEquals("flagged", stored.get("label").asText());
        assertTrue(stored.get("score").isNull());
        assertEquals("Unsafe advice", stored.get("comment").asText());
    }

    @Test
    void feedback_on_a_retrieved_content_is_a_separate_record() {
        var agent = uuid();
        var message = uuid();
        var content = uuid();
        var generation = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));

        var retrieval = feedbackId(contextual.provide(agent, retrievalFeedback(message, content, "thumbs_down")));

        assertNotEquals(generation, retrieval);
        var stored = nativeRead(retrieval).json();
        assertEquals(content, stored.get("content_id").asText());
        assertEquals(message, stored.get("message_id").asText());
        assertEquals(agent, stored.get("agent_id").asText());
        assertEquals("thumbs_down", stored.get("label").asText());
        assertEquals("thumbs_up", nativeRead(generation).json().get("label").asText(), "the generation feedback is untouched");
        assertEquals(2, nativeCount("message_id=" + message));
        assertEquals(1, nativeCount("content_id=" + content));
        var another = feedbackId(contextual.provide(agent, retrievalFeedback(message, uuid(), "thumbs_up")));
        assertNotEquals(retrieval, another, "each retrieved content has its own feedback");
    }

    @Test
    void removed_undoes_the_feedback_and_answers_the_id_of_what_it_removed() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_down")));

        var removed = contextual.provide(agent, feedback(message, "removed"));

        assertEquals(id, feedbackId(removed));
        assertEquals(404, nativeRead(id).status());
        assertEquals(0, nativeCount("message_id=" + message));
        assertEquals(0, nativeCount("agent_id=" + agent));
        assertEquals(0, nativeCount("label=thumbs_down&agent_id=" + agent));
    }

    @Test
    void removed_with_a_content_id_undoes_only_that_retrieval_feedback() {
        var agent = uuid();
        var message = uuid();
        var content = uuid();
        var generation = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));
        var retrieval = feedbackId(contextual.provide(agent, retrievalFeedback(message, content, "thumbs_down")));

        var removed = contextual.provide(agent, retrievalFeedback(message, content, "removed"));

        assertEquals(retrieval, feedbackId(removed));
        assertEquals(404, nativeRead(retrieval).status());
        assertEquals(200, nativeRead(generation).status());
        assertEquals(1, nativeCount("message_id=" + message));
    }

    @Test
    void removed_with_nothing_to_undo_still_succeeds_with_the_nil_id_and_writes_nothing() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));
        feedbackId(contextual.provide(agent, feedback(message, "removed")));

        var again = contextual.provide(agent, feedback(message, "removed"));
        var never = contextual.provide(agent, feedback(uuid(), "removed"));

        assertEquals(ContextualDialect.NOTHING_REMOVED, feedbackId(again));
        assertEquals(ContextualDialect.NOTHING_REMOVED, feedbackId(never));
        assertEquals(0, nativeCount("agent_id=" + agent));
        assertEquals(404, nativeRead(id).status());
    }

    @Test
    void feedback_after_removed_brings_back_the_same_feedback_id() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));
        contextual.provide(agent, feedback(message, "removed"));

        var again = contextual.provide(agent, feedback(message, "thumbs_down"));

        assertEquals(id, feedbackId(again));
        var stored = nativeRead(id).json();
        assertEquals(3, stored.get("revision").asInt());
        assertEquals("thumbs_down", stored.get("label").asText());
    }

    @Test
    void null_content_id_and_null_optional_fields_mean_generation_feedback() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));

        // The seed allows content_id null in prose but not in its schema; the same holds for the other optionals.
        var withNulls = contextual.provideBreaking(agent, """
                {"message_id": "%s", "feedback": "thumbs_down", "content_id": null, "explanation": null,
                 "query_category": null}""".formatted(message), "validation.request.body.schema.type");

        assertEquals(id, feedbackId(withNulls));
        var stored = nativeRead(id).json();
        assertTrue(stored.get("content_id").isNull());
        assertTrue(stored.get("comment").isNull());
        assertEquals("thumbs_down", stored.get("label").asText());
    }

    @Test
    void every_spelling_pydantic_accepts_for_a_uuid_names_the_same_agent_and_message() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));
        var simple = message.replace("-", "");

        for (var spelling : new String[] {message.toUpperCase(), "{" + message + "}", "urn:uuid:" + message, simple}) {
            var response = contextual.provideTolerating(agent.toUpperCase(), feedback(spelling, "thumbs_down"),
                    "validation.request.body.schema.format.uuid", "validation.request.parameter.schema.format.uuid");
            assertEquals(id, feedbackId(response), spelling);
        }

        var stored = nativeRead(id).json();
        assertEquals(message, stored.get("message_id").asText(), "kept in canonical form");
        assertEquals(agent, stored.get("agent_id").asText());
        assertEquals(2, stored.get("revision").asInt(), "the same thumbs down again in another spelling changes nothing: no revision");
    }

    @Test
    void an_unknown_agent_needs_no_registration_and_appears_in_the_registry() {
        var agent = uuid();

        feedbackId(contextual.provide(agent, feedback(uuid(), "thumbs_up")));

        assertEquals(200, api.get("/v1/agents/" + agent).status());
    }

    @Test
    void another_tenant_neither_sees_nor_undoes_the_feedback() {
        var agent = uuid();
        var message = uuid();
        var id = feedbackId(contextual.provide(agent, feedback(message, "thumbs_up")));
        var other = hub.otherTenant();
        var otherContextual = new ContextualClient(other);

        var theirRemoval = otherContextual.provide(agent, feedback(message, "removed"));
        var theirs = feedbackId(otherContextual.provide(agent, feedback(message, "thumbs_down")));

        assertEquals(ContextualDialect.NOTHING_REMOVED, feedbackId(theirRemoval));
        assertNotEquals(id, theirs);
        assertEquals(404, other.get("/v1/feedback/" + id).status());
        assertEquals(1, other.get("/v1/feedback?message_id=" + message).json().get("items").size());
        var mine = nativeRead(id).json();
        assertEquals("thumbs_up", mine.get("label").asText());
        assertEquals(1, mine.get("revision").asInt());
        assertEquals(404, nativeRead(theirs).status());
        assertEquals(1, nativeCount("message_id=" + message));
    }

    @Test
    void a_missing_or_unknown_bearer_key_is_refused_in_fastapi_shape() {
        var agent = uuid();
        var message = uuid();
        var body = feedback(message, "thumbs_up");

        // 401 is not in seed 001's responses: the vendor's service answers it all the same.
        var missing = contextual.provideWithHeaders(agent, body, Map.of(),
                "validation.request.security.missing", "validation.response.status.unknown");
        var unknown = contextual.provideWithHeaders(agent, body, Map.of("Authorization", "Bearer fh_secret_nope"),
                "validation.response.status.unknown");
        var otherScheme = contextual.provideWithHeaders(agent, body, Map.of("X-API-Key", api.key()),
                "validation.request.security.missing", "validation.response.status.unknown");

        for (var refused : new Api.Response[] {missing, unknown, otherScheme}) {
            assertEquals(401, refused.status(), refused.toString());
            assertEquals("{\"detail\":\"Not authenticated\"}", refused.json().toString());
            assertEquals("Bearer", refused.header("WWW-Authenticate"));
        }
        assertEquals(0, nativeCount("message_id=" + message));
    }
}
