package io.feedbackhub.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /v1/review-queues: queues, claims under leases, reviews written as feedback, and agreement between reviewers. */
@ParameterizedClass
@EnumSource(StoreKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewQueuesTest {
    @Parameter
    StoreKind store;

    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
        api = hub.api;
    }

    @AfterParameterizedClassInvocation
    void stop() {
        hub.close();
    }

    @Test
    void a_queue_is_created_with_its_form_and_defaults_and_read_back_with_its_progress() {
        var created = api.post("/v1/review-queues", """
                {"name": "support answers", "form": ["helpfulness"], "reviewers_per_item": 2, "instructions": "Is it right?"}""");

        assertEquals(201, created.status(), created.body());
        var queue = created.json();
        assertEquals("single", queue.get("kind").asText());
        assertTrue(queue.get("blind").asBoolean(), "blind unless the queue says otherwise");
        assertEquals(300, queue.get("lease_seconds").asInt());
        var read = api.get("/v1/review-queues/" + queue.get("id").asText());
        assertEquals(200, read.status(), read.body());
        assertEquals(0, read.json().get("progress").get("items").asInt());
        assertEquals("support answers", read.json().get("name").asText());
    }

    @Test
    void a_submitted_review_is_feedback_from_the_reviewer_on_the_items_answer() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();
        var claim = next(queue, "alice");
        assertEquals(200, claim.status(), claim.body());
        assertEquals(item, claim.json().get("item").get("id").asText());

        var review = review(queue, item, "alice", "good");

        assertEquals(201, review.status(), review.body());
        assertTrue(review.json().get("item_done").asBoolean());
        var id = review.json().get("feedback").get(0).get("id").asText();
        var feedback = api.get("/v1/feedback/" + id).json();
        assertEquals("reviewer", feedback.get("source").asText());
        assertEquals("alice", feedback.get("author_id").asText());
        assertEquals("helpfulness", feedback.get("name").asText());
        assertEquals(queue, feedback.get("data").get("review_queue_id").asText());
        var listed = api.get("/v1/feedback?source=reviewer&message_id=" + claim.json().get("item").get("message_id").asText()).json();
        assertEquals(1, listed.get("items").size());
    }

    @Test
    void a_signed_in_person_reviews_as_themselves_and_cannot_write_under_another_name() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();
        var editor = hub.signIn(TeamRole.EDITOR);
        var asPerson = api.withKey(null);
        var email = asPerson.get("/v1/me", editor.headers()).json().get("user").get("email").asText();

        var claim = asPerson.post("/v1/review-queues/" + queue + "/next", "{}", editor.headers());
        assertEquals(200, claim.status(), claim.body());
        var asAlice = asPerson.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"alice\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"good\"}]}", editor.headers());
        assertEquals(403, asAlice.status(), asAlice.body());
        var message = claim.json().get("item").get("message_id").asText();
        assertEquals(0, api.get("/v1/feedback?source=reviewer&message_id=" + message).json().get("items").size(),
                "nothing written under alice's name");

        var own = asPerson.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"answers\": [{\"name\": \"helpfulness\", \"label\": \"good\"}]}", editor.headers());
        assertEquals(201, own.status(), own.body());
        assertEquals(email, own.json().get("feedback").get(0).get("author_id").asText());
        assertEquals(422, api.post("/v1/review-queues/" + queue + "/next", "{}").status(),
                "a key still names the reviewer it acts for");
    }

    @Test
    void two_reviewers_never_hold_the_same_slot_and_a_released_slot_goes_to_the_next() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();
        assertEquals(200, next(queue, "alice").status());

        assertEquals(204, next(queue, "bob").status(), "the only slot is alice's");
        assertEquals(item, next(queue, "alice").json().get("item").get("id").asText(), "asking again renews alice's lease");
        assertEquals(204, api.post("/v1/review-queues/" + queue + "/items/" + item + "/release", "{\"reviewer_id\": \"alice\"}").status());
        var bobs = next(queue, "bob");
        assertEquals(200, bobs.status(), bobs.body());
        assertEquals(item, bobs.json().get("item").get("id").asText());
    }

    @Test
    void an_item_is_done_with_its_n_reviews_and_never_offered_twice_to_one_reviewer() {
        var queue = aQueue(2);
        var item = addItems(queue, 1).getFirst();
        next(queue, "alice");
        assertEquals(201, review(queue, item, "alice", "good").status());

        assertEquals(204, next(queue, "alice").status(), "alice reviewed it");
        next(queue, "bob");
        var second = review(queue, item, "bob", "bad");

        assertTrue(second.json().get("item_done").asBoolean(), second.body());
        assertEquals(204, next(queue, "carol").status(), "two reviews were wanted");
        var progress = api.get("/v1/review-queues/" + queue).json().get("progress");
        assertEquals(1, progress.get("done_items").asInt());
        assertEquals(2, progress.get("reviews").asInt());
        assertEquals(0, progress.get("reviews_needed").asInt());
        assertEquals(List.of("alice", "bob"), reviewers(progress));
    }

    @Test
    void a_review_without_a_lease_is_refused_and_writes_nothing() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();

        var refused = review(queue, item, "mallory", "good");

        assertEquals(409, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertEquals(0, api.get("/v1/feedback?source=reviewer&author_id=mallory").json().get("items").size());
    }

    @Test
    void a_reviewer_may_correct_a_review_and_it_still_counts_once() {
        var queue = aQueue(2);
        var item = addItems(queue, 1).getFirst();
        next(queue, "alice");
        var first = review(queue, item, "alice", "good");

        var again = review(queue, item, "alice", "bad");

        assertEquals(201, again.status(), again.body());
        assertEquals(first.json().get("feedback").get(0).get("id"), again.json().get("feedback").get(0).get("id"), "the same slot");
        assertEquals(2, again.json().get("feedback").get(0).get("revision").asInt());
        assertFalse(again.json().get("item_done").asBoolean());
        assertEquals(1, api.get("/v1/review-queues/" + queue).json().get("progress").get("reviews").asInt());
    }

    @Test
    void a_skipped_item_is_never_offered_to_that_reviewer_again_but_to_others() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();
        next(queue, "alice");

        assertEquals(204, api.post("/v1/review-queues/" + queue + "/items/" + item + "/skip", "{\"reviewer_id\": \"alice\"}").status());

        assertEquals(204, next(queue, "alice").status());
        assertEquals(200, next(queue, "bob").status());
    }

    @Test
    void an_answer_enters_a_queue_once() {
        var queue = aQueue(1);
        var message = "m-" + UUID.randomUUID();
        var first = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"" + message + "\"}]}");
        var again = api.post("/v1/review-queues/" + queue + "/items",
                "{\"items\": [{\"message_id\": \"" + message + "\"}, {\"message_id\": \"" + message + "\"}]}");

        assertEquals(1, first.json().get("added").asInt());
        assertEquals(0, again.json().get("added").asInt());
        assertEquals(2, again.json().get("already_queued").asInt());
    }

    @Test
    void a_thread_id_alone_adds_the_threads_latest_answer_resolved_when_added() {
        var queue = aQueue(1);
        var thread = "t-" + UUID.randomUUID();
        for (var m : List.of("answer-1", "answer-2")) {
            assertEquals(200, api.put("/v1/messages/" + thread + "-" + m, "{\"thread_id\": \"" + thread + "\", \"role\": \"assistant\", "
                    + "\"prompt\": \"and then?\", \"content\": \"" + m + "\"}").status());
        }
        assertEquals(200, api.put("/v1/messages/" + thread + "-question-3",
                "{\"thread_id\": \"" + thread + "\", \"role\": \"user\", \"content\": \"thanks\"}").status());

        var added = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"thread_id\": \"" + thread + "\"}]}");

        assertEquals(201, added.status(), added.body());
        var item = added.json().get("items").get(0);
        assertEquals(thread + "-answer-2", item.get("message_id").asText(), "the newest message not written by the user");
        assertEquals(thread, item.get("thread_id").asText());
        var again = api.post("/v1/review-queues/" + queue + "/items",
                "{\"items\": [{\"thread_id\": \"" + thread + "\"}, {\"message_id\": \"" + thread + "-answer-2\"}]}");
        assertEquals(0, again.json().get("added").asInt(), again.body());
        assertEquals(2, again.json().get("already_queued").asInt());
        var claim = next(queue, "alice");
        var review = review(queue, claim.json().get("item").get("id").asText(), "alice", "good");
        assertEquals(201, review.status(), review.body());
        var feedback = review.json().get("feedback").get(0);
        assertEquals(thread + "-answer-2", feedback.get("message_id").asText());
        assertEquals(thread, feedback.get("thread_id").asText());
    }

    @Test
    void a_thread_that_is_unknown_or_has_no_answer_is_refused_and_nothing_is_added() {
        var queue = aQueue(1);
        var empty = "t-" + UUID.randomUUID();
        assertEquals(200, api.put("/v1/threads/" + empty, "{\"title\": \"no answer yet\"}").status());
        var onlyUser = "t-" + UUID.randomUUID();
        assertEquals(200, api.put("/v1/messages/" + onlyUser + "-q", "{\"thread_id\": \"" + onlyUser + "\", \"role\": \"user\"}").status());

        var refused = api.post("/v1/review-queues/" + queue + "/items", "{\"items\": [{\"message_id\": \"m-" + UUID.randomUUID() + "\"}, "
                + "{\"thread_id\": \"t-unknown-" + UUID.randomUUID() + "\"}, {\"thread_id\": \"" + empty + "\"}, {\"thread_id\": \"" + onlyUser + "\"}]}");

        assertEquals(422, refused.status(), refused.body());
        var errors = refused.json().get("errors");
        assertEquals(3, errors.size(), refused.body());
        assertEquals("items[1].thread_id", errors.get(0).get("field").asText());
        assertTrue(errors.get(0).get("message").asText().startsWith("no thread t-unknown-"), refused.body());
        assertEquals("items[2].thread_id", errors.get(1).get("field").asText());
        assertTrue(errors.get(1).get("message").asText().contains("has no registered answer"), refused.body());
        assertTrue(errors.get(2).get("message").asText().contains("has no registered answer"), refused.body());
        assertEquals(0, api.get("/v1/review-queues/" + queue).json().get("progress").get("items").asInt(), "the valid item is not added either");
        var pairwise = api.post("/v1/review-queues", "{\"name\": \"p\", \"kind\": \"pairwise\", \"form\": [\"preference\"]}").json().get("id").asText();
        assertEquals(422, api.post("/v1/review-queues/" + pairwise + "/items", "{\"items\": [{\"thread_id\": \"" + empty + "\"}]}").status(),
                "a pairwise item names its pair");
    }

    @Test
    void a_bad_queue_is_refused_with_every_field_named() {
        var refused = api.post("/v1/review-queues", """
                {"name": "", "form": [], "reviewers_per_item": 0, "lease_seconds": 1, "kind": "triple"}""");

        assertEquals(422, refused.status(), refused.body());
        var fields = new HashSet<String>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(java.util.Set.of("name", "form", "reviewers_per_item", "lease_seconds", "kind"), fields);
    }

    @Test
    void a_review_must_answer_the_forms_names_and_its_labels_are_checked_like_any_feedback() {
        assertEquals(200, api.put("/v1/feedback-configs/verdict", "{\"type\": \"categorical\", \"labels\": [\"right\", \"wrong\"]}").status());
        var queue = api.post("/v1/review-queues", "{\"name\": \"q\", \"form\": [\"verdict\"]}").json().get("id").asText();
        var item = addItems(queue, 1).getFirst();
        next(queue, "alice");

        var wrongName = api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"alice\", \"answers\": [{\"name\": \"other\", \"label\": \"right\"}]}");
        var wrongLabel = api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"alice\", \"answers\": [{\"name\": \"verdict\", \"label\": \"maybe\"}]}");

        assertEquals(422, wrongName.status(), wrongName.body());
        assertEquals(422, wrongLabel.status(), wrongLabel.body());
        assertEquals(0, api.get("/v1/feedback?source=reviewer&name=verdict").json().get("items").size());
    }

    @Test
    void an_adjudicator_resolves_an_item_its_reviewers_disagree_on_and_the_reviews_stay() {
        var queue = api.post("/v1/review-queues", """
                {"name": "q", "form": ["helpfulness"], "reviewers_per_item": 2, "adjudicate": true}""").json().get("id").asText();
        var items = addItems(queue, 2);
        for (var reviewer : List.of("alice", "bob")) {
            reviewNext(queue, reviewer, "good");
        }
        reviewNext(queue, "alice", "good");
        reviewNext(queue, "bob", "bad");

        var disagreements = api.get("/v1/review-queues/" + queue + "/disagreements?name=helpfulness").json().get("items");
        assertEquals(1, disagreements.size(), disagreements.toString());
        assertEquals(items.get(1), disagreements.get(0).get("item").get("id").asText());
        assertEquals(2, disagreements.get(0).get("reviews").size());
        var resolved = api.post("/v1/review-queues/" + queue + "/items/" + items.get(1) + "/resolution",
                "{\"adjudicator_id\": \"carol\", \"name\": \"helpfulness\", \"label\": \"bad\"}");

        assertEquals(200, resolved.status(), resolved.body());
        var item = api.get("/v1/review-queues/" + queue + "/items/" + items.get(1)).json();
        assertEquals("bad", item.get("resolved").get("label").asText());
        assertEquals("carol", item.get("resolved").get("by").asText());
        assertEquals(2, api.get("/v1/feedback?source=reviewer&name=helpfulness&message_id=" + item.get("message_id").asText())
                .json().get("items").size(), "the individual reviews stay");
    }

    @Test
    void a_queue_that_does_not_adjudicate_takes_no_resolution() {
        var queue = aQueue(1);
        var item = addItems(queue, 1).getFirst();

        var refused = api.post("/v1/review-queues/" + queue + "/items/" + item + "/resolution",
                "{\"adjudicator_id\": \"carol\", \"name\": \"helpfulness\", \"label\": \"bad\"}");

        assertEquals(422, refused.status(), refused.body());
        assertTrue(api.get("/v1/review-queues/" + queue + "/items/" + item).json().get("resolved") == null);
    }

    @Test
    void an_unknown_queue_is_not_found() {
        assertEquals(404, api.get("/v1/review-queues/nope").status());
        assertEquals(404, next("nope", "alice").status());
    }

    /** Wikipedia's Cohen's κ example (20 yes–yes, 5 yes–no, 10 no–yes, 15 no–no; κ = 0.4) as two reviewers' work. */
    @Test
    void agreement_between_a_queues_reviewers_has_cohens_kappa_with_an_interval() {
        var queue = aQueue(2);
        var items = addItems(queue, 50);
        var alice = new ArrayList<String>();
        var bob = new ArrayList<String>();
        addCells(alice, bob, 20, "yes", "yes");
        addCells(alice, bob, 5, "yes", "no");
        addCells(alice, bob, 10, "no", "yes");
        addCells(alice, bob, 15, "no", "no");
        for (int i = 0; i < items.size(); i++) {
            reviewNext(queue, "alice", alice.get(i));
            reviewNext(queue, "bob", bob.get(i));
        }

        var agreement = api.get("/v1/review-queues/" + queue + "/agreement?name=helpfulness");

        assertEquals(200, agreement.status(), agreement.body());
        var kappa = agreement.json().get("cohen_kappa");
        assertEquals(0.4, kappa.get("value").asDouble(), 1e-9);
        assertTrue(kappa.get("low").asDouble() < 0.4 && 0.4 < kappa.get("high").asDouble(), kappa.toString());
        assertEquals(0.7, agreement.json().get("percent_agreement").get("value").asDouble(), 1e-9);
        var pair = agreement.json().get("pairs").get(0);
        assertEquals(50, pair.get("shared_units").asInt());
        assertEquals("[[15,10],[5,20]]", pair.get("confusion").toString(), "rows alice's no, yes; columns bob's");
    }

    @Test
    void too_little_overlap_says_so_instead_of_a_number() {
        var queue = aQueue(2);
        addItems(queue, 3);
        for (int i = 0; i < 3; i++) {
            reviewNext(queue, "alice", "yes");
            reviewNext(queue, "bob", "no");
        }

        var agreement = api.get("/v1/review-queues/" + queue + "/agreement?name=helpfulness").json();

        assertFalse(agreement.get("enough_overlap").asBoolean());
        assertTrue(agreement.get("verdict").asText().startsWith("not enough overlap to say"), agreement.toString());
        assertTrue(agreement.get("cohen_kappa").isNull());
    }

    @Test
    void agreement_needs_a_name_of_the_form() {
        var queue = aQueue(2);

        assertEquals(422, api.get("/v1/review-queues/" + queue + "/agreement?name=other").status());
        assertEquals(422, api.get("/v1/review-queues/" + queue + "/agreement?name=helpfulness&x=1").status());
    }

    private static void addCells(List<String> a, List<String> b, int n, String la, String lb) {
        for (int i = 0; i < n; i++) {
            a.add(la);
            b.add(lb);
        }
    }

    private void reviewNext(String queue, String reviewer, String label) {
        var claim = next(queue, reviewer);
        assertEquals(200, claim.status(), claim.body());
        var r = review(queue, claim.json().get("item").get("id").asText(), reviewer, label);
        assertEquals(201, r.status(), r.body());
    }

    private String aQueue(int reviewersPerItem) {
        var created = api.post("/v1/review-queues",
                "{\"name\": \"q\", \"form\": [\"helpfulness\"], \"reviewers_per_item\": " + reviewersPerItem + "}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    private List<String> addItems(String queue, int n) {
        var body = new StringBuilder("{\"items\": [");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"message_id\": \"m-").append(UUID.randomUUID()).append("\"}");
        }
        var added = api.post("/v1/review-queues/" + queue + "/items", body.append("]}").toString());
        assertEquals(201, added.status(), added.body());
        var ids = new ArrayList<String>();
        added.json().get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private Api.Response next(String queue, String reviewer) {
        return api.post("/v1/review-queues/" + queue + "/next", "{\"reviewer_id\": \"" + reviewer + "\"}");
    }

    private Api.Response review(String queue, String item, String reviewer, String label) {
        return api.post("/v1/review-queues/" + queue + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"" + reviewer + "\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"" + label + "\"}]}");
    }

    private static List<String> reviewers(JsonNode progress) {
        var names = new ArrayList<String>();
        progress.get("reviewers").forEach(r -> names.add(r.get("reviewer_id").asText()));
        return names;
    }
}
