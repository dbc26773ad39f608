package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preference pairs and eval cases a tuner can take as they come: no pair with chosen equal to rejected, no pair
 * twice, the conversation's earlier turns as context, how each pair was formed; one eval case per prompt.
 */
@HubTest
class TrainingExportsTest {
    static final String PROMPT = "What is the refund window?";
    static final String GREETING_PROMPT = "Hi";
    static final String GREETING = "Hello! How can I help?";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    record Conversation(String thread, String greeting, String answer) {
    }

    /** A thread of the agent: optionally the greeting turn, then an answer to {@link #PROMPT}. */
    Conversation aConversation(String agent, boolean greeted, String answer) {
        var id = UUID.randomUUID();
        var thread = "t-" + id;
        assertEquals(200, api.put("/v1/threads/" + thread, "{\"agent_id\": \"%s\"}".formatted(agent)).status());
        String greeting = null;
        if (greeted) {
            // "g-" sorts before "m-": the greeting is the earlier turn even when both land in the same millisecond
            greeting = "g-" + id;
            assertEquals(200, api.put("/v1/messages/" + greeting, """
                    {"thread_id": "%s", "role": "assistant", "prompt": "%s", "content": "%s"}"""
                    .formatted(thread, GREETING_PROMPT, GREETING)).status());
        }
        var message = "m-" + id;
        assertEquals(200, api.put("/v1/messages/" + message, """
                {"thread_id": "%s", "role": "assistant", "prompt": "%s", "content": "%s"}""".formatted(thread, PROMPT, answer)).status());
        return new Conversation(thread, greeting, message);
    }

    String vote(String agent, String message, String author, String label, String correction) {
        return """
                {"agent_id": "%s", "message_id": "%s", "author_id": "%s", "label": "%s", "correction": %s}"""
                .formatted(agent, message, author, label, correction == null ? "null" : Api.JSON.valueToTree(correction));
    }

    /**
     * Three greeted threads answer the prompt "30 days." (3 up), "14 days." (3 down, corrected twice with the same
     * text and once with the answer itself) and "Thirty days." (1 up, 1 down); a thread without the greeting answers
     * "14 days." (1 down); one user likes the greeting.
     */
    String anAgentWithVotedAnswers() {
        var agent = "agent-" + UUID.randomUUID();
        var good = aConversation(agent, true, "30 days.");
        var bad = aConversation(agent, true, "14 days.");
        var even = aConversation(agent, true, "Thirty days.");
        var ungreeted = aConversation(agent, false, "14 days.");
        var votes = new ArrayList<>(List.of(
                vote(agent, bad.answer(), "u1", "thumbs_down", "Refunds are accepted for 30 days."),
                vote(agent, bad.answer(), "u2", "thumbs_down", "  Refunds are accepted\\nfor 30 days. "),
                vote(agent, bad.answer(), "u3", "thumbs_down", "14 days. "),
                vote(agent, good.answer(), "u4", "thumbs_up", null),
                vote(agent, good.answer(), "u5", "thumbs_up", null),
                vote(agent, good.answer(), "u6", "thumbs_up", null),
                vote(agent, even.answer(), "u7", "thumbs_up", null),
                vote(agent, even.answer(), "u8", "thumbs_down", null),
                vote(agent, ungreeted.answer(), "u9", "thumbs_down", null),
                vote(agent, good.greeting(), "u10", "thumbs_up", null)));
        var written = api.post("/v1/feedback/batch", "{\"items\": [" + String.join(",", votes).replace("\\\\n", "\\n") + "]}");
        assertEquals(200, written.status(), written.body());
        written.json().get("results").forEach(r -> assertEquals(201, r.get("status").asInt(), r.toString()));
        return agent;
    }

    List<JsonNode> export(String query) {
        var response = api.get("/v1/export?" + query);
        assertEquals(200, response.status(), response.body());
        return ExportApiTest.lines(response.body());
    }

    static final String GREETED_CONTEXT = "[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"" + GREETING + "\"}]";

    @Test
    void preference_pairs_are_distinct_never_chosen_equals_rejected_carry_their_context_and_say_how_they_were_formed() {
        var agent = anAgentWithVotedAnswers();

        var pairs = export("format=preference&agent_id=" + agent);

        assertEquals(2, pairs.size(), pairs.toString());
        var correction = pairs.get(0);
        assertEquals("correction", correction.get("pairing").asText());
        assertEquals(PROMPT, correction.get("prompt").asText());
        assertEquals("Refunds are accepted for 30 days.", correction.get("chosen").asText(), "two corrections, one pair");
        assertEquals("14 days.", correction.get("rejected").asText());
        assertEquals(GREETED_CONTEXT, correction.get("context").toString());
        var votes = pairs.get(1);
        assertEquals("same_prompt_votes", votes.get("pairing").asText());
        assertEquals("30 days.", votes.get("chosen").asText());
        assertEquals("14 days.", votes.get("rejected").asText(),
                "the ungreeted 14 days. has another context and no better answer beside it; Thirty days. is even");
        assertEquals(GREETED_CONTEXT, votes.get("context").toString());
        assertEquals(3, votes.get("metadata").get("chosen").get("positive").asInt());
        assertEquals(0, votes.get("metadata").get("chosen").get("negative").asInt());
        assertEquals(3, votes.get("metadata").get("rejected").get("negative").asInt());
        for (var pair : pairs) {
            assertTrue(!pair.get("chosen").asText().strip().equals(pair.get("rejected").asText().strip()), pair.toString());
        }
    }

    @Test
    void eval_gives_one_case_per_distinct_prompt_with_vote_counts_per_name_and_the_majority_label() {
        var agent = anAgentWithVotedAnswers();

        var cases = export("format=eval&agent_id=" + agent);

        assertEquals(2, cases.size(), "the greeting and the refund question: " + cases);
        var greeting = cases.get(0);
        assertEquals(GREETING_PROMPT, greeting.get("input").asText());
        assertTrue(greeting.get("expected_output").isNull());
        assertEquals("{\"reaction\":{\"thumbs_up\":1}}", greeting.get("votes").toString());
        assertEquals("thumbs_up", greeting.get("majority_label").get("reaction").asText());
        var refund = cases.get(1);
        assertEquals(PROMPT, refund.get("input").asText());
        assertEquals("{\"reaction\":{\"thumbs_down\":5,\"thumbs_up\":4}}", refund.get("votes").toString());
        assertEquals("thumbs_down", refund.get("majority_label").get("reaction").asText());
        assertEquals("[\"Refunds are accepted for 30 days.\",\"14 days. \"]", refund.get("corrections").toString(),
                "distinct corrections, white space aside");
        assertEquals("14 days. ", refund.get("expected_output").asText(), "the latest correction");
        assertEquals(4, refund.get("metadata").get("messages").asInt());
        assertEquals(9, refund.get("metadata").get("feedback").asInt());
    }

    @Test
    void dataset_exports_keep_to_the_filters_and_the_tenant() {
        var agent = anAgentWithVotedAnswers();

        var otherAgent = export("format=eval&agent_id=agent-nobody");
        var otherTenant = hub.otherTenant().get("/v1/export?format=preference&agent_id=" + agent);
        var onlyUp = export("format=eval&agent_id=" + agent + "&label=thumbs_up");

        assertEquals(List.of(), otherAgent);
        assertEquals(200, otherTenant.status());
        assertEquals("", otherTenant.body());
        assertEquals("{\"reaction\":{\"thumbs_up\":4}}", onlyUp.get(1).get("votes").toString());
    }
}
