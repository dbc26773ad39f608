package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/export: what comes out parses back to exactly what was written, in every format. */
@HubTest
class ExportApiTest {
    /** Text that breaks naive CSV and JSON writers: separators, quotes, line breaks, non-ASCII. */
    static final String NASTY = "Line one, with \"quotes\";\r\nline two\tand émoji 👍 — done";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    record Written(String agent, List<JsonNode> feedback, JsonNode message, JsonNode thread) {
    }

    /** A registered thread and message, three judgments of that message, and one of an unregistered message. */
    Written aConversationWithFeedback() {
        var agent = unique("agent");
        var thread = unique("t");
        var message = unique("m");
        var threadJson = api.put("/v1/threads/" + thread, """
                {"agent_id": "%s", "title": "Refund, \\"urgent\\"", "metadata": {"channel": "web"}}""".formatted(agent)).json();
        var messageJson = api.put("/v1/messages/" + message, """
                {"thread_id": "%s", "role": "assistant", "prompt": "How long does a refund take?",
                 "content": "Refunds take 30 days,\\nsometimes more.", "model": "gpt-x", "metadata": {"latency_ms": "840"}}""".formatted(thread)).json();
        var written = new ArrayList<JsonNode>();
        written.add(Feedback.write(api, """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "u-1", "label": "thumbs_down",
                 "comment": %s, "reasons": ["outdated", "too long"], "correction": "Refunds take 5 business days.",
                 "data": {"ui": {"x": 1, "y": [true, null]}}, "source_surface": "web", "query_category": "billing",
                 "metadata": {"prompt_version": "v3", "model": "gpt-x"}}""".formatted(agent, thread, message, Api.JSON.valueToTree(NASTY))));
        written.add(Feedback.write(api, """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "u-2", "name": "accuracy", "score": 0.2,
                 "correction": "Five business days."}""".formatted(agent, thread, message)));
        written.add(Feedback.write(api, """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "u-3", "label": "thumbs_up"}""".formatted(agent, thread, message)));
        written.add(Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_down", "correction": "An answer nobody registered."}""".formatted(agent, unique("m"))));
        return new Written(agent, written, messageJson, threadJson);
    }

    Api.Response export(String query) {
        var response = api.get("/v1/export?" + query);
        assertEquals(200, response.status(), response.body());
        return response;
    }

    static List<JsonNode> lines(String body) {
        assertTrue(body.isEmpty() || body.endsWith("\n"), "every line ends with a newline");
        var parsed = new ArrayList<JsonNode>();
        for (var line : body.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    parsed.add(Api.JSON.readTree(line));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return parsed;
    }

    @Test
    void jsonl_carries_each_feedback_as_the_api_reads_it_with_its_message_and_thread() {
        var w = aConversationWithFeedback();

        var response = export("format=jsonl&agent_id=" + w.agent());

        assertEquals("application/x-ndjson", response.header("Content-Type"));
        assertTrue(response.header("Content-Disposition").matches("attachment; filename=\"feedback-\\d{8}T\\d{6}Z\\.jsonl\""),
                response.header("Content-Disposition"));
        var rows = lines(response.body());
        assertEquals(4, rows.size());
        for (int i = 0; i < 4; i++) {
            var row = (ObjectNode) rows.get(i).deepCopy();
            var message = row.remove("message");
            var thread = row.remove("thread");
            assertEquals(api.get("/v1/feedback/" + w.feedback().get(i).get("id").asText()).json(), row, "feedback " + i + " in id order");
            if (i < 3) {
                assertEquals(w.message(), message);
                assertEquals(api.get("/v1/threads/" + w.thread().get("id").asText()).json(), thread);
            } else {
                assertTrue(message.isNull() && thread.isNull(), "nothing registered: " + message + " " + thread);
            }
        }
        assertEquals(NASTY, rows.get(0).get("comment").asText());
    }

    @Test
    void csv_is_rfc_4180_and_parses_back_to_the_stored_values() {
        var w = aConversationWithFeedback();

        var response = export("format=csv&agent_id=" + w.agent());

        assertEquals("text/csv; charset=utf-8; header=present", response.header("Content-Type"));
        var records = Csv.parse(response.body());
        assertEquals(5, records.size(), "a header row and four rows");
        var header = records.getFirst();
        assertEquals(List.of("id", "agent_id", "thread_id", "message_id", "turn_id", "trace_id", "content_id", "name", "label",
                "score", "comment", "reasons", "correction", "data", "query_category", "source_surface", "author_id", "source",
                "client_feedback_id", "metadata", "created_at", "updated_at", "revision", "prompt", "answer", "model",
                "message_metadata", "thread_title", "thread_metadata", "polarity"), header);
        for (int i = 0; i < 4; i++) {
            var row = new LinkedHashMap<String, String>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), records.get(i + 1).get(c));
            }
            var stored = api.get("/v1/feedback/" + w.feedback().get(i).get("id").asText()).json();
            for (var field : List.of("id", "agent_id", "thread_id", "message_id", "name", "label", "comment", "correction",
                    "query_category", "source_surface", "author_id", "source", "created_at", "updated_at", "revision", "polarity")) {
                assertEquals(stored.get(field).isNull() ? "" : stored.get(field).asText(), row.get(field), field + " of row " + i);
            }
            assertEquals(stored.get("score").isNull() ? "" : stored.get("score").asText(), row.get("score"));
            assertEquals(stored.get("reasons"), json(row.get("reasons")));
            assertEquals(stored.get("metadata"), json(row.get("metadata")));
            assertEquals(stored.get("data").isNull() ? "" : stored.get("data").toString(), row.get("data"));
        }
        var first = records.get(1);
        assertEquals(NASTY, first.get(header.indexOf("comment")));
        assertEquals("Refunds take 30 days,\nsometimes more.", first.get(header.indexOf("answer")));
        assertEquals("Refund, \"urgent\"", first.get(header.indexOf("thread_title")));
        assertEquals("", records.get(4).get(header.indexOf("prompt")), "no message registered");
    }

    @Test
    void preference_pairs_come_from_corrections_of_answers_judged_bad() {
        var w = aConversationWithFeedback();

        var response = export("format=preference&agent_id=" + w.agent());

        assertTrue(response.header("Content-Disposition").contains("preference-pairs-"), response.header("Content-Disposition"));
        var pairs = lines(response.body());
        assertEquals(2, pairs.size(), "the thumbs down and the 0.2 score correct a registered answer; the last answer is not registered");
        assertEquals("How long does a refund take?", pairs.get(0).get("prompt").asText());
        assertEquals("Refunds take 5 business days.", pairs.get(0).get("chosen").asText());
        assertEquals("Refunds take 30 days,\nsometimes more.", pairs.get(0).get("rejected").asText());
        var metadata = pairs.get(0).get("metadata");
        assertEquals(w.feedback().get(0).get("id").asText(), metadata.get("feedback_id").asText());
        assertEquals("gpt-x", metadata.get("model").asText());
        assertEquals("[\"outdated\",\"too long\"]", metadata.get("reasons").toString());
        // the feedback's own metadata plus what it inherits from its registered message (latency_ms)
        assertEquals("{\"latency_ms\":\"840\",\"model\":\"gpt-x\",\"prompt_version\":\"v3\"}", metadata.get("feedback_metadata").toString());
        assertEquals("Five business days.", pairs.get(1).get("chosen").asText());
        assertEquals(0.2, pairs.get(1).get("metadata").get("score").asDouble());
        for (var pair : pairs) {
            assertEquals("correction", pair.get("pairing").asText());
            assertEquals("[]", pair.get("context").toString(), "the thread has no earlier turn");
        }
    }

    /** 2 of 1–5 stars is bad by its config (though above 0.5), 4 is not: polarity decides which corrections make pairs. */
    @Test
    void preference_pairs_judge_scores_by_their_names_config() {
        var agent = unique("agent");
        var stars = unique("stars");
        assertEquals(200, api.put("/v1/feedback-configs/" + stars, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}").status());
        var message = unique("m");
        assertEquals(200, api.put("/v1/messages/" + message, """
                {"role": "assistant", "prompt": "Refund time?", "content": "30 days."}""").status());
        var two = Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "u-1", "name": "%s", "score": 2, "correction": "5 days."}"""
                .formatted(agent, message, stars));
        Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "author_id": "u-2", "name": "%s", "score": 4, "correction": "Within 5 days."}"""
                .formatted(agent, message, stars));

        var pairs = lines(export("format=preference&agent_id=" + agent).body());
        var jsonl = lines(export("agent_id=" + agent).body());

        assertEquals(1, pairs.size(), pairs.toString());
        assertEquals("5 days.", pairs.get(0).get("chosen").asText());
        assertEquals("negative", pairs.get(0).get("metadata").get("polarity").asText());
        assertEquals("negative", two.get("polarity").asText());
        assertEquals(List.of("negative", "positive"), jsonl.stream().map(l -> l.get("polarity").asText()).toList());
    }

    /** Changed by issue #12 (item 6): one case per distinct registered prompt, not one per correction. */
    @Test
    void eval_gives_one_case_per_registered_prompt_with_its_corrections_and_votes() {
        var w = aConversationWithFeedback();

        var cases = lines(export("format=eval&agent_id=" + w.agent()).body());

        assertEquals(1, cases.size(), "one registered prompt; the unregistered message has no input to evaluate");
        var c = cases.getFirst();
        assertEquals("How long does a refund take?", c.get("input").asText());
        assertEquals("Five business days.", c.get("expected_output").asText(), "the latest correction");
        assertEquals("[\"Refunds take 5 business days.\",\"Five business days.\"]", c.get("corrections").toString());
        assertEquals("{\"reaction\":{\"thumbs_down\":1,\"thumbs_up\":1}}", c.get("votes").toString());
        assertTrue(c.get("majority_label").get("reaction").isNull(), "a tie has no majority");
        assertEquals(3, c.get("metadata").get("feedback").asInt());
    }

    @Test
    void a_large_export_streams_every_row_once_in_id_order_across_pages() {
        var agent = unique("agent");
        int rows = io.feedbackhub.insight.ExportService.PAGE_SIZE * 2 + 345;
        var written = Feedback.writeAll(api, Feedback.reactions(rows, agent, "thumbs_up", "{\"batch\": \"big\"}"));

        var exported = lines(export("agent_id=" + agent).body());

        assertEquals(rows, exported.size());
        var ids = exported.stream().map(r -> r.get("id").asText()).toList();
        assertEquals(rows, new HashSet<>(ids).size(), "no row twice");
        assertEquals(ids.stream().sorted().toList(), ids, "id order");
        assertEquals(written.stream().map(f -> f.get("id").asText()).sorted().toList(), ids);
    }

    @Test
    void filters_and_tombstones_apply_and_other_tenants_see_nothing() {
        var w = aConversationWithFeedback();
        assertEquals(204, api.delete("/v1/feedback/" + w.feedback().get(2).get("id").asText()).status());

        var live = lines(export("agent_id=" + w.agent()).body());
        var v3 = lines(export("agent_id=" + w.agent() + "&metadata.prompt_version=v3").body());
        var scored = lines(export("agent_id=" + w.agent() + "&name=accuracy&score_max=0.5").body());
        var other = hub.otherTenant().get("/v1/export?agent_id=" + w.agent());

        assertEquals(3, live.size(), "the deleted one is gone");
        assertEquals(1, v3.size());
        assertEquals(w.feedback().get(1).get("id"), scored.getFirst().get("id"));
        assertEquals(200, other.status());
        assertEquals("", other.body());
    }

    static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    /** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes, nothing else accepted. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            var records = new ArrayList<List<String>>();
            var record = new ArrayList<String>();
            var field = new StringBuilder();
            int i = 0;
            boolean quoted = false;
            boolean fieldStarted = false;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        quoted = false;
                        i++;
                    } else {
                        field.append(c);
                        i++;
                    }
                } else if (c == '"' && !fieldStarted) {
                    quoted = true;
                    fieldStarted = true;
                    i++;
                } else if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                    i++;
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    record.add(field.toString());
                    records.add(record);
                    record = new ArrayList<>();
                    field.setLength(0);
                    fieldStarted = false;
                    i += 2;
                } else if (c == '"' || c == '\n' || c == '\r') {
                    throw new AssertionError("unquoted " + (int) c + " at " + i + " in a field: " + text.substring(Math.max(0, i - 40), i + 1));
                } else {
                    field.append(c);
                    fieldStarted = true;
                    i++;
                }
            }
            assertTrue(record.isEmpty() && field.isEmpty(), "the last record ends with CRLF");
            return records;
        }
    }
}
