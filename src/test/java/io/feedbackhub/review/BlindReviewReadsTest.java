package io.feedbackhub.review;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blind review beyond the review API: a signed-in reviewer of a blind queue reads no one else's feedback on the answers
 * they still have to review there, from the listing, one feedback, its history, search or an export; admins and keys
 * read everything.
 */
@HubTest
class BlindReviewReadsTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_reviewer_reads_no_others_feedback_on_answers_they_still_review_blind_until_they_submit_or_skip() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var word = "blindword" + run.replace("-", "");
        var first = run + "-m1";
        var second = run + "-m2";
        var outside = run + "-m3";
        var userVote = vote(first, "user-7", "user", null);
        vote(second, "user-7", "user", null);
        vote(outside, "user-7", "user", null);
        var queue = api.post("/v1/review-queues", "{\"name\": \"blind " + run + "\", \"form\": [\"helpfulness\"], \"reviewers_per_item\": 2}")
                .json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items",
                "{\"items\": [{\"message_id\": \"" + first + "\"}, {\"message_id\": \"" + second + "\"}]}").status());
        // alice reviews both through a key, with a comment search can find
        for (int i = 0; i < 2; i++) {
            var item = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"alice\"}").json().get("item").get("id").asText();
            assertEquals(201, api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews", "{\"reviewer_id\": \"alice\", "
                    + "\"answers\": [{\"name\": \"helpfulness\", \"label\": \"bad\", \"comment\": \"" + word + "\"}]}").status());
        }
        var alicesOnFirst = api.get("/v1/feedback?source=reviewer&message_id=" + first).json().get("items").get(0).get("id").asText();
        // the end user's vote on a chunk the first answer retrieved: the reviewer's page shows the chunk, never the vote
        var chunk = api.post("/v1/feedback", "{\"message_id\": \"" + first + "\", \"content_id\": \"kb-" + run + "\", \"name\": \"chunk\", "
                + "\"label\": \"thumbs_down\", \"author_id\": \"user-7\", \"comment\": \"stale\"}").json().get("id").asText();
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        assertEquals(3, listed(asPerson, editor, first), "not a reviewer of the queue yet: nothing is withheld");

        var claim = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers());
        assertEquals(200, claim.status(), claim.body());
        assertEquals(first, claim.json().get("item").get("message_id").asText());

        var seen = asPerson.get("/v1/feedback?message_id=" + first, editor.headers()).json().get("items");
        assertEquals(1, seen.size(), "neither alice's review nor the end user's vote on the claimed answer: " + seen);
        assertEquals(chunk, seen.get(0).get("id").asText(), "the chunk it retrieved, as the reviewer's page shows it");
        assertEquals("kb-" + run, seen.get(0).get("content_id").asText());
        assertTrue(seen.get(0).get("label").isNull() && seen.get(0).get("comment").isNull(), "without the end user's vote on it");
        assertEquals(0, listed(asPerson, editor, second), "nor on the queue's other answer they have still to review");
        assertEquals(1, listed(asPerson, editor, outside), "an answer outside the queue is read as always");
        assertEquals(404, asPerson.get("/v1/feedback/" + alicesOnFirst, editor.headers()).status());
        assertEquals(404, asPerson.get("/v1/feedback/" + userVote + "/history", editor.headers()).status());
        assertEquals(0, asPerson.get("/v1/search?q=" + word, editor.headers()).json().get("items").size());
        var export = asPerson.get("/v1/export", editor.headers());
        assertEquals(403, export.status(), export.body());
        assertTrue(export.json().get("detail").asText().contains("blind " + run), export.body());
        // an admin, and a key, are not blindfolded
        var admin = hub.signIn(TeamRole.ADMIN);
        assertEquals(3, listed(asPerson, admin, first));
        assertEquals(3, api.get("/v1/feedback?message_id=" + first).json().get("items").size());
        assertEquals(2, api.get("/v1/search?q=" + word).json().get("items").size());

        var review = asPerson.post("/v1/review-queues/" + queue + "/items/" + claim.json().get("item").get("id").asText() + "/reviews",
                "{\"answers\": [{\"name\": \"helpfulness\", \"label\": \"good\"}]}", editor.headers());
        assertEquals(201, review.status(), review.body());

        assertEquals(4, listed(asPerson, editor, first), "once submitted: the others' feedback and their own");
        assertEquals("thumbs_down", asPerson.get("/v1/feedback/" + chunk, editor.headers()).json().get("label").asText());
        assertEquals(200, asPerson.get("/v1/feedback/" + alicesOnFirst, editor.headers()).status());
        assertEquals(0, listed(asPerson, editor, second), "the second answer is still to review");
        assertEquals(1, asPerson.get("/v1/search?q=" + word, editor.headers()).json().get("items").size());
        assertEquals(403, asPerson.get("/v1/export", editor.headers()).status());

        var second_ = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers()).json().get("item").get("id").asText();
        assertEquals(204, asPerson.post("/v1/review-queues/" + queue + "/items/" + second_ + "/skip", "{}", editor.headers()).status());

        assertEquals(2, listed(asPerson, editor, second), "a skipped answer is never theirs to review: nothing left to keep blind");
        assertEquals(200, asPerson.get("/v1/export", editor.headers()).status());
    }

    @Test
    void in_a_pairwise_queue_both_answers_of_a_pair_are_kept_blind() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var left = run + "-v2";
        var right = run + "-v3";
        vote(left, "user-7", "user", null);
        vote(right, "user-8", "user", null);
        var queue = api.post("/v1/review-queues", "{\"name\": \"pairs " + run + "\", \"kind\": \"pairwise\", \"form\": [\"preference\"]}")
                .json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"pair\": [\"" + left + "\", \"" + right + "\"]}]}").status());
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);

        assertEquals(200, asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers()).status());

        assertEquals(0, listed(asPerson, editor, left));
        assertEquals(0, listed(asPerson, editor, right), "the pair's second answer too, though reviews are written on the first");
    }

    @Test
    void a_webhook_delivery_shows_a_blindfolded_reviewer_the_event_without_its_judgment() throws InterruptedException {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var agent = "agent-" + run;
        var message = run + "-m";
        var hook = api.post("/v1/webhooks", """
                {"url": "https://93.184.215.14/hook", "events": ["feedback.created"], "filter": {"agent_id": "%s"}}""".formatted(agent));
        assertEquals(201, hook.status(), hook.body());
        var hookId = hook.json().get("id").asText();
        assertEquals(201, api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "author_id": "user-7", "label": "thumbs_down", "comment": "too slow %s"}"""
                .formatted(agent, message, run)).status());
        var queue = api.post("/v1/review-queues", "{\"name\": \"hooked " + run + "\", \"form\": [\"helpfulness\"]}").json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + message + "\"}]}").status());
        var event = api.get("/v1/webhooks/" + hookId + "/deliveries").json().get("items").get(0).get("event_id").asText();
        var path = "/v1/webhooks/" + hookId + "/deliveries/" + event;
        for (long deadline = System.nanoTime() + 30_000_000_000L; api.get(path).json().get("payload").isNull() && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
        }
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        assertTrue(asPerson.get(path, editor.headers()).body().contains("thumbs_down"), "not yet a reviewer of the queue");

        assertEquals(200, asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers()).status());

        var seen = asPerson.get(path, editor.headers());
        assertEquals(200, seen.status(), seen.body());
        assertTrue(seen.body().contains(message), "the event and the answer it is on: " + seen.body());
        assertFalse(seen.body().contains("thumbs_down") || seen.body().contains("too slow"), seen.body());
        assertTrue(asPerson.get(path, hub.signIn(TeamRole.ADMIN).headers()).body().contains("thumbs_down"), "an admin reads it whole");
        assertEquals(204, api.delete("/v1/webhooks/" + hookId).status());
    }

    @Test
    void a_queues_disagreements_leave_out_the_items_a_reviewer_still_reviews_blind() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var queue = api.post("/v1/review-queues", "{\"name\": \"disputed " + run + "\", \"form\": [\"helpfulness\"], "
                + "\"reviewers_per_item\": 3, \"adjudicate\": true}").json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items",
                "{\"items\": [{\"message_id\": \"" + run + "-m1\"}, {\"message_id\": \"" + run + "-m2\"}]}").status());
        for (var reviewer : java.util.List.of("alice", "bob")) {
            for (int i = 0; i < 2; i++) {
                var item = api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}").json().get("item").get("id").asText();
                assertEquals(201, api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews", "{\"reviewer_id\": \"" + reviewer + "\", "
                        + "\"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + (reviewer.equals("alice") ? "bad" : "good") + "\"}]}").status());
            }
        }
        var path = "/v1/review-queues/" + queue + "/disagreements?name=helpfulness";
        assertEquals(2, api.get(path).json().get("items").size());
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        var claim = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers()).json().get("item");

        assertEquals(0, asPerson.get(path, editor.headers()).json().get("items").size(), "both items are still theirs to review");

        assertEquals(201, asPerson.post("/v1/review-queues/" + queue + "/items/" + claim.get("id").asText() + "/reviews",
                "{\"answers\": [{\"name\": \"helpfulness\", \"label\": \"ok\"}]}", editor.headers()).status());
        var listed = asPerson.get(path, editor.headers()).json().get("items");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(claim.get("id").asText(), listed.get(0).get("item").get("id").asText());
        assertEquals(2, asPerson.get(path, hub.signIn(TeamRole.ADMIN).headers()).json().get("items").size(), "an admin adjudicates everything");
    }

    @Test
    void an_adjudicated_label_is_not_shown_to_a_reviewer_who_still_reviews_the_item_blind() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var queue = api.post("/v1/review-queues", "{\"name\": \"early " + run + "\", \"form\": [\"helpfulness\"], "
                + "\"reviewers_per_item\": 3, \"adjudicate\": true}").json().get("id").asText();
        var item = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + run + "-m\"}]}")
                .json().get("items").get(0).get("id").asText();
        for (var reviewer : java.util.List.of("alice", "bob")) {
            assertEquals(200, api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}").status());
            assertEquals(201, api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews", "{\"reviewer_id\": \"" + reviewer + "\", "
                    + "\"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + (reviewer.equals("alice") ? "bad" : "good") + "\"}]}").status());
        }
        assertEquals(200, api.post("/v1/review-queues/" + queue + "/items/" + item + "/resolution",
                "{\"adjudicator_id\": \"carol\", \"name\": \"helpfulness\", \"label\": \"bad\"}").status());
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        var itemPath = "/v1/review-queues/" + queue + "/items/" + item;

        var claim = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers());

        assertEquals(200, claim.status(), claim.body());
        assertFalse(claim.json().get("item").has("resolved"), claim.body());
        assertFalse(asPerson.get(itemPath, editor.headers()).json().has("resolved"));
        assertEquals("bad", api.get(itemPath).json().get("resolved").get("label").asText(), "a key reads the decision");
        assertEquals(201, asPerson.post(itemPath + "/reviews", "{\"answers\": [{\"name\": \"helpfulness\", \"label\": \"ok\"}]}",
                editor.headers()).status());
        assertEquals("bad", asPerson.get(itemPath, editor.headers()).json().get("resolved").get("label").asText(), "once submitted");
    }

    @Test
    void a_queue_that_is_not_blind_withholds_nothing() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var message = run + "-m";
        vote(message, "user-7", "user", null);
        var queue = api.post("/v1/review-queues", "{\"name\": \"open " + run + "\", \"form\": [\"helpfulness\"], \"blind\": false}")
                .json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + message + "\"}]}").status());
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);

        assertEquals(200, asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers()).status());

        assertEquals(1, listed(asPerson, editor, message));
        assertEquals(200, asPerson.get("/v1/export", editor.headers()).status());
    }

    @Test
    void a_trace_item_keeps_votes_naming_its_root_message_blind_and_a_reviewer_mints_no_end_user_token() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var trace = run + "-trace";
        var root = run + "-root";
        var thread = run + "-thread";
        var onTheRoot = api.post("/v1/feedback", "{\"message_id\": \"" + root + "\", \"trace_id\": \"" + trace + "\", \"thread_id\": \"" + thread
                + "\", \"author_id\": \"user-9\", \"label\": \"thumbs_down\"}");
        assertEquals(201, onTheRoot.status(), onTheRoot.body());
        var queue = api.post("/v1/review-queues", "{\"name\": \"blind trace " + run + "\", \"form\": [\"helpfulness\"]}").json().get("id").asText();
        assertEquals(201, api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"trace_id\": \"" + trace + "\"}]}").status());
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        var claim = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers());
        assertEquals(200, claim.status(), claim.body());

        var byTrace = asPerson.get("/v1/feedback?trace_id=" + trace, editor.headers());
        assertEquals(200, byTrace.status(), byTrace.body());
        assertEquals(0, byTrace.json().get("items").size(), "a vote naming the trace's root message is on the queued trace: " + byTrace.body());
        var byThread = asPerson.get("/v1/feedback?thread_id=" + thread, editor.headers());
        assertEquals(200, byThread.status(), byThread.body());
        assertEquals(0, byThread.json().get("items").size(), byThread.body());
        assertEquals(404, asPerson.get("/v1/feedback/" + onTheRoot.json().get("id").asText(), editor.headers()).status());

        var token = asPerson.post("/v1/tokens", "{\"author_id\": \"user-9\"}", editor.headers());
        assertEquals(403, token.status(), "an end-user token would read as user-9, past the blindfold: " + token.body());
        assertEquals(201, api.post("/v1/tokens", "{\"author_id\": \"user-9\"}").status(), "a key still mints tokens");
    }

    private int listed(Api asPerson, SignedInSession person, String messageId) {
        var page = asPerson.get("/v1/feedback?message_id=" + messageId, person.headers());
        assertEquals(200, page.status(), page.body());
        return page.json().get("items").size();
    }

    private String vote(String messageId, String author, String source, String comment) {
        var created = api.post("/v1/feedback", "{\"message_id\": \"" + messageId + "\", \"author_id\": \"" + author + "\", \"source\": \"" + source
                + "\", \"label\": \"thumbs_down\"" + (comment == null ? "" : ", \"comment\": \"" + comment + "\"") + "}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }
}
