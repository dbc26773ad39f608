package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/search: answers, prompts, comments and corrections by their words, within the caller's tenant. */
@HubTest
class SearchTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void an_answer_and_a_comment_are_found_by_their_words_with_what_matched() {
        var word = unique("refundable");
        var thread = unique("t");
        api.put("/v1/threads/" + thread, "{\"agent_id\": \"support-bot\"}");
        api.put("/v1/messages/" + thread + "-m1", """
                {"thread_id": "%s", "role": "assistant", "prompt": "Can I return shoes?",
                 "content": "Shoes are %s within 30 days of purchase."}""".formatted(thread, word));
        var feedback = api.post("/v1/feedback", """
                {"message_id": "%s-m1", "label": "thumbs_down", "comment": "Not %s when worn, the answer forgot that"}"""
                .formatted(thread, word)).json();

        var found = search("q=" + enc(word));

        assertEquals(200, found.status(), found.body());
        var items = found.json().get("items");
        assertEquals(2, items.size(), found.body());
        var byKind = new java.util.HashMap<String, JsonNode>();
        items.forEach(i -> byKind.put(i.get("kind").asText(), i));
        var message = byKind.get("message");
        assertEquals(thread + "-m1", message.get("id").asText());
        assertEquals(thread + "-m1", message.get("message_id").asText());
        assertEquals(thread, message.get("thread_id").asText());
        assertEquals("content", message.get("field").asText());
        assertEquals("Shoes are " + word + " within 30 days of purchase.", message.get("excerpt").asText());
        var comment = byKind.get("feedback");
        assertEquals(feedback.get("id").asText(), comment.get("id").asText());
        assertEquals(thread + "-m1", comment.get("message_id").asText());
        assertEquals(thread, comment.get("thread_id").asText(), "the feedback's thread, inherited from its message");
        assertEquals("comment", comment.get("field").asText());
        assertTrue(comment.get("excerpt").asText().contains(word), comment.toString());
    }

    @Test
    void every_word_must_start_a_word_of_the_record_in_any_case() {
        var word = unique("policy");
        api.put("/v1/messages/" + word, """
                {"content": "The Refund %s changed in March."}""".formatted(word.toUpperCase()));

        assertEquals(List.of(word), ids(search("q=" + enc("refu " + word.substring(0, 10)))));
        assertEquals(List.of(word), ids(search("q=" + enc("MARCH, " + word))));
        assertEquals(List.of(), ids(search("q=" + enc("april " + word))), "every word must be there");
        assertEquals(List.of(), ids(search("q=" + enc(word.substring(2)))), "a word's middle is not its start");
    }

    @Test
    void words_are_cut_at_every_other_character_the_same_on_both_stores() {
        var code = unique("order");
        api.put("/v1/messages/" + code, "{\"content\": \"Ticket %s-4632-476f (v3.14, foo_bar) is closed.\"}".formatted(code));

        assertEquals(List.of(code), ids(search("q=" + enc(code + "-4632-476f"))));
        assertEquals(List.of(code), ids(search("q=" + enc("476f " + code + " 14 bar"))));
        assertEquals(List.of(code), ids(search("q=" + enc("\"" + code + "\" OR -v3"))), "quotes and operators are only separators");
    }

    @Test
    void prompts_and_corrections_are_searched_too() {
        var word = unique("warranty");
        api.put("/v1/messages/" + word + "-p", "{\"prompt\": \"What does the %s cover?\", \"content\": \"Screens.\"}".formatted(word));
        api.post("/v1/feedback", "{\"message_id\": \"%s-p\", \"label\": \"thumbs_down\", \"correction\": \"The %s covers batteries.\"}"
                .formatted(word, word));

        var items = search("q=" + enc(word)).json().get("items");

        var fields = new ArrayList<String>();
        items.forEach(i -> fields.add(i.get("kind").asText() + "." + i.get("field").asText()));
        fields.sort(null);
        assertEquals(List.of("feedback.correction", "message.prompt"), fields);
    }

    @Test
    void another_tenants_text_is_never_found() {
        var word = unique("confidential");
        var other = hub.otherTenant();
        other.put("/v1/messages/" + word, "{\"content\": \"%s merger plans\"}".formatted(word));
        other.post("/v1/feedback", "{\"message_id\": \"%s\", \"label\": \"thumbs_up\", \"comment\": \"%s indeed\"}".formatted(word, word));

        var mine = search("q=" + enc(word));
        var theirs = other.get("/v1/search?q=" + enc(word));

        assertEquals(200, mine.status(), mine.body());
        assertEquals(List.of(), ids(mine));
        assertEquals(2, theirs.json().get("items").size(), theirs.body());
    }

    @Test
    void deleted_feedback_and_changed_text_are_no_longer_found() {
        var old = unique("obsolete");
        var fresh = unique("current");
        api.put("/v1/messages/" + old, "{\"content\": \"%s text\"}".formatted(old));
        var feedback = api.post("/v1/feedback", "{\"message_id\": \"m-%s\", \"label\": \"thumbs_up\", \"comment\": \"%s\"}"
                .formatted(old, old)).json();
        assertEquals(2, ids(search("q=" + old)).size());

        api.put("/v1/messages/" + old, "{\"content\": \"%s text\"}".formatted(fresh));
        api.delete("/v1/feedback/" + feedback.get("id").asText());

        assertEquals(List.of(), ids(search("q=" + old)));
        assertEquals(List.of(old), ids(search("q=" + fresh)));
    }

    @Test
    void hits_come_newest_first_in_keyset_pages_filtered_by_agent_thread_and_time() throws Exception {
        var word = unique("latency");
        var threadA = unique("ta");
        api.put("/v1/threads/" + threadA, "{\"agent_id\": \"agent-" + word + "\"}");
        var written = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            api.put("/v1/messages/" + word + "-" + i, "{\"thread_id\": \"%s\", \"content\": \"%s %d\"}"
                    .formatted(i < 3 ? threadA : "elsewhere-" + word, word, i));
            written.add(word + "-" + i);
            Thread.sleep(3);
        }
        var newestFirst = new ArrayList<>(written.reversed());

        var pages = new ArrayList<String>();
        var page = search("q=" + word + "&limit=2");
        var cursors = 0;
        while (true) {
            assertEquals(200, page.status(), page.body());
            pages.addAll(ids(page));
            var next = page.json().get("next_cursor");
            if (next.isNull()) {
                break;
            }
            cursors++;
            page = search("q=" + word + "&limit=2&cursor=" + next.asText());
        }

        assertEquals(newestFirst, pages);
        assertEquals(2, cursors);
        assertEquals(List.of(word + "-2", word + "-1", word + "-0"), ids(search("q=" + word + "&agent_id=agent-" + word)));
        assertEquals(List.of(word + "-2", word + "-1", word + "-0"), ids(search("q=" + word + "&thread_id=" + threadA)));
        var third = api.get("/v1/messages/" + word + "-2").json().get("created_at").asText();
        assertEquals(List.of(word + "-4", word + "-3", word + "-2"), ids(search("q=" + word + "&created_from=" + third)));
        assertEquals(List.of(word + "-1", word + "-0"), ids(search("q=" + word + "&created_to=" + third)));
    }

    @Test
    void a_query_that_cannot_be_searched_is_a_400_problem() {
        for (var query : List.of("", "q=", "q=%20%20", "q=" + enc("?! --"), "q=" + "a".repeat(201),
                "q=" + enc("a b c d e f g h i"), "q=x&cursor=bm90LWEtY3Vyc29y")) {
            var response = search(query);

            assertEquals(400, response.status(), query + " " + response.body());
            assertTrue(response.header("content-type").startsWith("application/problem+json"), response.toString());
            assertTrue(response.json().get("detail").asText().length() > 10, response.body());
        }
        var badFilter = search("q=x&created_from=yesterday&limit=500&colour=red");
        assertEquals(422, badFilter.status(), badFilter.body());
        var fields = new ArrayList<String>();
        badFilter.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        fields.sort(null);
        assertEquals(List.of("colour", "created_from", "limit"), fields);
    }

    private Api.Response search(String query) {
        return api.get("/v1/search?" + query);
    }

    private static List<String> ids(Api.Response response) {
        assertEquals(200, response.status(), response.body());
        var out = new ArrayList<String>();
        response.json().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
