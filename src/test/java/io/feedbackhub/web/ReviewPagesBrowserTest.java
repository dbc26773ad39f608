package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.feedbackhub.web.PageChecks.assertAccessible;
import static io.feedbackhub.web.PageChecks.assertFitsAPhone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review pages (review.js) in a real Chromium, signed in as editors with sessions: reviewers work through a queue
 * by keyboard shortcuts alone, and the queue owner's page shows what the API measures. SQLite only, as the other
 * dashboard tests: the pages read nothing but the public API.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewPagesBrowserTest {
    static final int ITEMS = 12;
    TestHub hub;
    Chromium chromium;
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE);
        chromium = Chromium.launch();
        ok(hub.api.put("/v1/feedback-configs/helpfulness", "{\"type\": \"categorical\", \"labels\": [\"good\", \"ok\", \"bad\"]}"));
        ok(hub.api.put("/v1/contents/kb-refunds", "{\"title\": \"Refund policy (2026)\", \"source_url\": \"https://example.com/refunds\"}"));
    }

    @AfterAll
    void stop() {
        chromium.close();
        hub.close();
    }

    @Test
    void two_reviewers_review_by_keyboard_and_the_owner_page_shows_progress_and_the_apis_agreement() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        ok(hub.api.put("/v1/threads/t-" + run, "{\"title\": \"refunds\"}"));
        ok(hub.api.put("/v1/messages/" + run + "-hello", "{\"thread_id\": \"t-" + run + "\", \"role\": \"assistant\", "
                + "\"prompt\": \"Hello\", \"content\": \"Hi! How can I help you today?\"}"));
        var items = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) {
            ok(hub.api.put("/v1/messages/" + run + "-" + i, "{\"thread_id\": \"t-" + run + "\", \"role\": \"assistant\", "
                    + "\"prompt\": \"Can I get a refund for order " + i + "?\", \"content\": \"Yes: within 30 days of order " + i + ".\"}"));
            items.append(i == 0 ? "" : ", ").append("{\"message_id\": \"").append(run).append('-').append(i).append("\"}");
        }
        // the end user's vote on the first answer and its retrieved chunk: the chunk is shown, the vote never (blind)
        ok(hub.api.post("/v1/feedback", "{\"message_id\": \"" + run + "-0\", \"content_id\": \"kb-refunds\", \"name\": \"chunk\", "
                + "\"label\": \"thumbs_down\", \"author_id\": \"end-user-1\", \"comment\": \"the end user's own words\"}"));
        var queue = hub.api.post("/v1/review-queues", "{\"name\": \"refunds " + run + "\", \"form\": [\"helpfulness\"], "
                + "\"reviewers_per_item\": 2, \"instructions\": \"Would this answer solve the customer's problem?\"}").json();
        var queueId = queue.get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items", "{\"items\": [" + items + "]}"));

        // the first reviewer: gives one item back (R), claims again, then answers every item with 1–3 and Enter
        var first = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(first, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order 0.");
            assertThat(page.locator(".review-item .turns")).containsText("Hi! How can I help you today?");
            assertThat(page.locator(".review-item .chunks a")).hasText("Refund policy (2026)");
            assertThat(page.locator(".review-item .instructions")).hasText("Would this answer solve the customer's problem?");
            assertTrue(!page.locator("#view-review").innerText().contains("the end user's own words"), "blind: no end-user feedback shown");
            Chromium.screenshot(page, "review-item");
            page.keyboard().press("r");
            assertThat(page.locator("#review-claim")).isFocused();
            page.keyboard().press("Enter");
            // letters and digits typed in a comment are text, not shortcuts; a submit without an answer says what is missing
            assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order 0.");
            page.getByLabel("Comment (optional)").focus();
            page.keyboard().type("S, R and 2 are text here");
            page.keyboard().press("Control+Enter");
            assertThat(page.locator("#review-problem")).hasText("Answer helpfulness first.");
            assertThat(page.locator("#review-form input[type=radio]").first()).isFocused();
            for (int i = 0; i < ITEMS; i++) {
                review(page, run + "-" + i, String.valueOf(1 + i % 3));
            }
            var commented = hub.api.get("/v1/feedback?source=reviewer&message_id=" + run + "-0&author_id=" + email(first)).json().get("items");
            assertEquals("S, R and 2 are text here", commented.get(0).get("comment").asText(), commented.toString());
            assertThat(page.locator("#review-none")).isVisible();
            assertThat(page.locator("#review-progress")).containsText("You reviewed" + ITEMS);
        }

        // the second reviewer: skips the last item (S) and disagrees on two
        var second = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(second, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            for (int i = 0; i < ITEMS - 1; i++) {
                review(page, run + "-" + i, String.valueOf(1 + (i == 2 || i == 7 ? i + 1 : i) % 3));
            }
            assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order " + (ITEMS - 1) + ".");
            page.keyboard().press("s");
            assertThat(page.locator("#review-none")).isVisible();

            // the owner's page: the same numbers as the API
            var progress = hub.api.get("/v1/review-queues/" + queueId).json().get("progress");
            var agreement = hub.api.get("/v1/review-queues/" + queueId + "/agreement?name=helpfulness").json();
            assertTrue(agreement.get("enough_overlap").asBoolean(), agreement.toString());
            page.navigate(hub.baseUrl() + "/#queues?id=" + queueId);
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("refunds " + run).setLevel(1))).isVisible();
            assertThat(card(page, "Items done")).hasText(progress.get("done_items").asInt() + " of " + ITEMS);
            assertEquals(ITEMS - 1, progress.get("done_items").asInt());
            assertThat(page.locator("#queue-reviewers tbody tr")).hasCount(2);
            var secondRow = page.locator("#queue-reviewers tbody tr").filter(new Locator.FilterOptions().setHasText(email(second))).locator("td");
            assertThat(secondRow.nth(1)).hasText(String.valueOf(ITEMS - 1));
            assertThat(secondRow.nth(3)).hasText("1");
            assertThat(measure(page, "Cohen's κ (two reviewers)")).hasText(estimate(agreement.get("cohen_kappa"), false));
            assertThat(measure(page, "Percent agreement")).hasText(estimate(agreement.get("percent_agreement"), true));
            assertThat(measure(page, "Fleiss' κ")).hasText(estimate(agreement.get("fleiss_kappa"), false));
            var pair = agreement.get("pairs").get(0);
            assertThat(page.locator("table.per-pair tbody tr").first()).containsText(estimate(pair.get("cohen_kappa"), false));
            var disagreements = hub.api.get("/v1/review-queues/" + queueId + "/disagreements?name=helpfulness").json().get("items");
            assertThat(page.locator("#disagreements-helpfulness li")).hasCount(disagreements.size());
            assertThat(page.locator("#judge-helpfulness")).containsText("No model judge");
            Chromium.screenshot(page, "review-queue-owner");
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    @Test
    void a_pairwise_queue_shows_the_two_answers_side_by_side_in_the_order_the_api_gives_and_takes_a_b_or_tie() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var pairs = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            for (var version : List.of("v2", "v3")) {
                ok(hub.api.put("/v1/messages/" + run + "-" + version + "-" + i, "{\"role\": \"assistant\", \"prompt\": \"Where is my parcel " + i
                        + "?\", \"content\": \"Answer of " + version + " to parcel " + i + "\", \"metadata\": {\"prompt_version\": \"" + version + "\"}}"));
            }
            pairs.append(i == 0 ? "" : ", ").append("{\"pair\": [\"").append(run).append("-v2-").append(i).append("\", \"").append(run)
                    .append("-v3-").append(i).append("\"]}");
        }
        var queueId = hub.api.post("/v1/review-queues", "{\"name\": \"v2 vs v3 " + run + "\", \"kind\": \"pairwise\", \"form\": [\"preference\"]}")
                .json().get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items", "{\"items\": [" + pairs + "]}"));

        var reviewer = hub.signIn(TeamRole.EDITOR);
        var reviewerId = email(reviewer);
        try (var context = signedIn(reviewer, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            for (var key : List.of("b", "t")) {
                assertThat(page.locator(".pair .side")).hasCount(2);
                // the claim the page holds, as the API gives it to this reviewer again (it renews the lease)
                var claim = hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"" + reviewerId + "\"}").json();
                var shown = claim.get("shown_order");
                assertThat(page.locator(".pair .side").nth(0)).containsText(content(shown.get(0).asText()));
                assertThat(page.locator(".pair .side").nth(1)).containsText(content(shown.get(1).asText()));
                page.keyboard().press(key);
                assertThat(page.getByLabel(key.equals("b") ? "B is better" : "Tie")).isChecked();
                page.keyboard().press("Enter");
                assertThat(page.locator("#review-notice")).containsText("Review saved");
                var first = claim.get("item").get("pair").get(0).asText();
                var written = hub.api.get("/v1/feedback?source=reviewer&name=preference&message_id=" + first).json().get("items");
                assertThat(page.locator(".pair .side").first().or(page.locator("#review-none"))).isVisible();
                assertEquals(1, written.size(), written.toString());
                assertEquals(key.equals("b") ? shown.get(1).asText() : "tie", written.get(0).get("label").asText());
            }
            assertThat(page.locator("#review-none")).isVisible();

            var wins = hub.api.get("/v1/review-queues/" + queueId + "/win-rates?name=preference").json().get("items");
            page.navigate(hub.baseUrl() + "/#queues?id=" + queueId);
            assertThat(page.locator("table.wins tbody tr")).hasCount(wins.size());
            var best = wins.get(0);
            var interval = best.get("interval");
            assertThat(page.locator("table.wins tbody tr").first()).containsText(estimate(
                    Api.JSON.createObjectNode().put("value", best.get("win_rate").asDouble()).put("low", interval.get("low").asDouble())
                            .put("high", interval.get("high").asDouble()), true));
            Chromium.screenshot(page, "review-queue-pairwise");
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    @Test
    void the_owner_adds_a_threads_latest_answer_by_its_thread_id() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        for (var m : List.of("a1", "a2")) {
            ok(hub.api.put("/v1/messages/" + run + "-" + m, "{\"thread_id\": \"t-" + run + "\", \"role\": \"assistant\", \"content\": \"" + m + "\"}"));
        }
        var queueId = hub.api.post("/v1/review-queues", "{\"name\": \"threads " + run + "\", \"form\": [\"helpfulness\"]}").json().get("id").asText();
        var person = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(person, 1366, 768)) {
            var page = open(context, "/#queues?id=" + queueId);
            page.getByText("Add items").click();
            page.getByLabel("Message ids").fill("thread:t-" + run + "\nthread:t-unknown-" + run);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to the queue")).click();
            assertThat(page.locator("#add-ids-result")).containsText("no thread t-unknown-" + run);

            page.getByLabel("Message ids").fill("thread:t-" + run);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to the queue")).click();

            assertThat(page.locator("#add-ids-result")).hasText("1 item added.");
        }
        var items = hub.api.get("/v1/review-queues/" + queueId).json().get("progress").get("items").asInt();
        assertEquals(1, items);
        var claim = hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"alice\"}").json();
        assertEquals(run + "-a2", claim.get("item").get("message_id").asText());
    }

    @Test
    void on_a_390_px_phone_a_queue_is_created_filled_by_ids_and_by_a_filter_and_reviewed_with_the_keyboard_without_sideways_scrolling() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        ok(hub.api.put("/v1/messages/" + run + "-phone", "{\"role\": \"assistant\", \"prompt\": \"A long question "
                + "x".repeat(200) + "\", \"content\": \"A long answer without spaces " + "y".repeat(300) + "\"}"));
        ok(hub.api.put("/v1/messages/" + run + "-voted", "{\"role\": \"assistant\", \"prompt\": \"Hi\", \"content\": \"Hello\"}"));
        ok(hub.api.post("/v1/feedback", "{\"message_id\": \"" + run + "-voted\", \"name\": \"phone-" + run + "\", \"label\": \"thumbs_down\", "
                + "\"author_id\": \"end-user-3\", \"source\": \"user\"}"));
        var person = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(person, 390, 844)) {
            var page = open(context, "/#queues");
            var name = page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true));
            assertThat(name).isVisible();
            assertFitsAPhone(page, "the queue list");
            name.focus();
            page.keyboard().type("phone queue " + run);
            page.keyboard().press("Tab");
            page.keyboard().press("Tab");
            page.keyboard().type("helpfulness");
            page.keyboard().press("Enter");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("phone queue " + run).setLevel(1))).isVisible();
            var queueId = page.evaluate("location.hash.split('id=')[1]").toString();
            var queue = hub.api.get("/v1/review-queues/" + queueId).json();
            assertEquals(List.of("helpfulness"), List.of(queue.get("form").get(0).asText()));
            assertEquals(2, queue.get("reviewers_per_item").asInt());
            assertTrue(queue.get("blind").asBoolean());

            page.getByText("Add items").focus();
            page.keyboard().press("Enter");
            page.getByLabel("Message ids").fill(run + "-phone");
            page.getByLabel("Message ids").press("Tab");
            page.keyboard().press("Enter");
            assertThat(page.locator("#add-ids-result")).hasText("1 item added.");
            var filter = page.locator(".filter-form");
            filter.getByLabel("Feedback name").fill("phone-" + run);
            filter.getByLabel("Label", new Locator.GetByLabelOptions().setExact(true)).fill("thumbs_down");
            filter.getByLabel("Label", new Locator.GetByLabelOptions().setExact(true)).press("Enter");
            assertThat(page.locator(".filter-form [role=status]")).hasText("1 matched, 1 added, 0 already queued.");
            assertEquals(2, hub.api.get("/v1/review-queues/" + queueId).json().get("progress").get("items").asInt());
            assertFitsAPhone(page, "the queue's page");

            page.navigate(hub.baseUrl() + "/#review?queue=" + queueId);
            assertThat(page.locator(".review-item .answer")).containsText("A long answer");
            assertFitsAPhone(page, "the reviewer's page");
            Chromium.screenshot(page, "phone-review");
            page.keyboard().press("3");
            page.keyboard().press("Enter");
            assertThat(page.locator(".review-item .answer")).hasText("Hello");
            var written = hub.api.get("/v1/feedback?source=reviewer&message_id=" + run + "-phone").json().get("items");
            assertEquals("bad", written.get(0).get("label").asText());
            assertEquals(email(person), written.get(0).get("author_id").asText());
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    @Test
    void the_owner_page_shows_the_judge_calibrated_against_reviewers_of_a_two_question_form_and_resolves_a_disagreement() {
        ok(hub.api.put("/v1/feedback-configs/correct", "{\"type\": \"boolean\"}"));
        var run = UUID.randomUUID().toString().substring(0, 8);
        var items = new StringBuilder();
        for (int i = 0; i < ITEMS + 8; i++) {
            ok(hub.api.put("/v1/messages/" + run + "-" + i, "{\"role\": \"assistant\", \"prompt\": \"Can I get a refund for order " + i
                    + "?\", \"content\": \"Yes: within 30 days of order " + i + ".\"}"));
            // the judge labels every answer; people only the first twelve
            ok(hub.api.post("/v1/feedback", "{\"message_id\": \"" + run + "-" + i + "\", \"name\": \"correct\", \"score\": " + (i % 4 == 0 ? 0 : 1)
                    + ", \"source\": \"model\", \"author_id\": \"judge-gpt\"}"));
            if (i < ITEMS) {
                items.append(i == 0 ? "" : ", ").append("{\"message_id\": \"").append(run).append('-').append(i).append("\"}");
            }
        }
        var queueId = hub.api.post("/v1/review-queues", "{\"name\": \"judged " + run + "\", \"form\": [\"helpfulness\", \"correct\"], "
                + "\"reviewers_per_item\": 2, \"adjudicate\": true}").json().get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items", "{\"items\": [" + items + "]}"));
        // one reviewer imported through the API (a secret key on behalf of a named reviewer) ...
        for (int i = 0; i < ITEMS; i++) {
            var item = hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"alice\"}").json().get("item").get("id").asText();
            ok(hub.api.post("/v1/review-queues/" + queueId + "/items/" + item + "/reviews", "{\"reviewer_id\": \"alice\", \"answers\": ["
                    + "{\"name\": \"helpfulness\", \"label\": \"" + List.of("good", "ok", "bad").get(i % 3) + "\"}, "
                    + "{\"name\": \"correct\", \"score\": " + (i % 3 == 2 ? 0 : 1) + "}]}"));
        }

        // ... and one through the page, both questions by key: 1–3 for helpfulness, then 1 (yes) or 2 (no) for correct
        var person = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(person, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            for (int i = 0; i < ITEMS; i++) {
                var helpfulness = String.valueOf(1 + (i == 3 || i == 8 ? i + 1 : i) % 3);
                var correct = i % 3 == 2 ^ i == 5 ? "2" : "1";
                review(page, run + "-" + i, helpfulness, correct);
            }
            assertThat(page.locator("#review-none")).isVisible();

            var judge = hub.api.get("/v1/stats/judge?name=correct").json();
            var calibration = judge.get("calibration");
            page.navigate(hub.baseUrl() + "/#queues?id=" + queueId);
            var judgeRows = page.locator("#judge-correct table.judge tbody tr");
            assertThat(judgeRows).hasCount(3);
            assertThat(judgeRows.nth(0).locator("td").first()).hasText(estimate(calibration.get("judge_rate"), true));
            assertThat(judgeRows.nth(1).locator("td").first()).hasText(estimate(calibration.get("human_rate"), true));
            assertThat(judgeRows.nth(2).locator("td").first()).hasText(estimate(calibration.get("calibrated_rate"), true));
            assertThat(judgeRows.nth(0).locator("td").nth(1)).hasText(calibration.get("judged_items").asText());
            var judgeAgreement = judge.get("agreement");
            assertThat(page.locator("#judge-correct")).containsText(judgeAgreement.get("enough_overlap").asBoolean()
                    ? estimate(judgeAgreement.get("cohen_kappa"), false) : "Not enough overlap to say");

            // an adjudicator resolves the first disagreement on helpfulness from the keyboard
            var disagreement = page.locator("#disagreements-helpfulness li").first();
            var decide = disagreement.getByLabel("Decide");
            decide.focus();
            decide.selectOption("bad");
            page.keyboard().press("Tab");
            page.keyboard().press("Enter");
            assertThat(disagreement.locator("[role=status]")).containsText("Resolved: bad by " + email(person));
            var resolved = hub.api.get("/v1/review-queues/" + queueId + "/disagreements?name=helpfulness").json().get("items").get(0).get("item");
            assertEquals("bad", resolved.get("resolved").get("label").asText(), resolved.toString());

            assertAccessible(page, "the owner's page");
            page.navigate(hub.baseUrl() + "/#queues");
            assertThat(page.locator("#create-queue")).isVisible();
            assertAccessible(page, "the queue list");
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    @Test
    void the_page_keeps_its_lease_past_the_lease_time_and_a_queue_that_is_not_blind_shows_what_others_said() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        ok(hub.api.put("/v1/messages/" + run + "-open", "{\"role\": \"assistant\", \"prompt\": \"Is it open on Sunday?\", "
                + "\"content\": \"Yes, from 10 to 4.\"}"));
        ok(hub.api.post("/v1/feedback", "{\"message_id\": \"" + run + "-open\", \"label\": \"thumbs_up\", \"author_id\": \"end-user-9\", \"source\": \"user\"}"));
        var queueId = hub.api.post("/v1/review-queues", "{\"name\": \"open " + run + "\", \"form\": [\"helpfulness\"], \"reviewers_per_item\": 2, "
                + "\"blind\": false, \"lease_seconds\": 10}").json().get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items", "{\"items\": [{\"message_id\": \"" + run + "-open\"}]}"));
        var item = hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"bob\"}").json().get("item").get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items/" + item + "/reviews",
                "{\"reviewer_id\": \"bob\", \"answers\": [{\"name\": \"helpfulness\", \"label\": \"ok\", \"comment\": \"a bit short\"}]}"));

        var person = hub.signIn(TeamRole.EDITOR);
        try (var context = signedIn(person, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            assertThat(page.locator(".review-item .others")).containsText("Reviewer bob · helpfulness: ok “a bit short”");
            assertThat(page.locator(".review-item .others")).containsText("End user · reaction: thumbs_up");

            page.waitForTimeout(13_000); // past the 10 s lease: only the page's renewals keep it
            var mine = hub.api.get("/v1/review-queues/" + queueId).json().get("progress").get("reviewers");
            assertEquals(1, java.util.stream.StreamSupport.stream(mine.spliterator(), false)
                    .filter(r -> r.get("reviewer_id").asText().equals(email(person))).findFirst().orElseThrow().get("leased").asInt(), mine.toString());
            page.keyboard().press("1");
            page.keyboard().press("Enter");
            assertThat(page.locator("#review-notice")).containsText("Review saved; the item has all its reviews.");
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    @Test
    void a_review_whose_lease_was_lost_saves_nothing_and_the_page_offers_the_next_item() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2; i++) {
            ok(hub.api.put("/v1/messages/" + run + "-" + i, "{\"role\": \"assistant\", \"prompt\": \"Can I get a refund for order " + i
                    + "?\", \"content\": \"Yes: within 30 days of order " + i + ".\"}"));
        }
        var queueId = hub.api.post("/v1/review-queues", "{\"name\": \"lost " + run + "\", \"form\": [\"helpfulness\"]}").json().get("id").asText();
        ok(hub.api.post("/v1/review-queues/" + queueId + "/items", "{\"items\": [{\"message_id\": \"" + run + "-0\"}, {\"message_id\": \""
                + run + "-1\"}]}"));
        var person = hub.signIn(TeamRole.EDITOR);
        var reviewerId = email(person);
        try (var context = signedIn(person, 1366, 768)) {
            var page = open(context, "/#review?queue=" + queueId);
            assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order 0.");
            // meanwhile the slot goes back (as when a lease runs out) and bob takes it
            var item = hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"" + reviewerId + "\"}").json().get("item").get("id").asText();
            assertEquals(204, hub.api.post("/v1/review-queues/" + queueId + "/items/" + item + "/release", "{\"reviewer_id\": \"" + reviewerId + "\"}").status());
            assertEquals(item, hub.api.post("/v1/review-queues/" + queueId + "/next", "{\"reviewer_id\": \"bob\"}").json().get("item").get("id").asText());

            page.keyboard().press("1");
            page.keyboard().press("Enter");
            assertThat(page.locator("#review-claim")).isFocused();
            assertThat(page.locator("#review-work")).containsText("nothing was saved");
            assertEquals(0, hub.api.get("/v1/feedback?source=reviewer&message_id=" + run + "-0").json().get("items").size());
            page.keyboard().press("Enter");
            assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order 1.");
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    // ---------------------------------------------------------------- helpers

    /** The item on the page is {@code messageId}; press a key per question and Enter, and wait for the next item. */
    private static void review(Page page, String messageId, String... keys) {
        assertThat(page.locator("#review-lease")).isVisible();
        var order = messageId.substring(messageId.lastIndexOf('-') + 1);
        assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order " + order + ".");
        for (int q = 0; q < keys.length; q++) {
            page.keyboard().press(keys[q]);
            assertThat(page.locator("#review-form fieldset").nth(q).locator("input[type=radio]").nth(Integer.parseInt(keys[q]) - 1)).isChecked();
        }
        page.keyboard().press("Enter");
        assertThat(page.locator("#review-notice")).containsText("Review saved");
        assertThat(page.locator(".review-item .answer").or(page.locator("#review-none"))).not().hasText(
                "Yes: within 30 days of order " + order + ".");
    }

    private String content(String messageId) {
        return hub.api.get("/v1/messages/" + messageId).json().get("content").asText();
    }

    private BrowserContext signedIn(SignedInSession session, int width, int height) {
        var context = chromium.newContext(width, height);
        context.addCookies(List.of(new Cookie("fh_session", session.cookie()).setUrl(hub.baseUrl())));
        return context;
    }

    private Page open(BrowserContext context, String path) {
        var page = context.newPage();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
        page.navigate(hub.baseUrl() + path);
        return page;
    }

    private String email(SignedInSession session) {
        return hub.api.get("/v1/me", session.headers()).json().get("user").get("email").asText();
    }

    private static Locator card(Page page, String label) {
        return page.locator("#queue-progress .card:has(> .label:text-is('" + label + "')) > .value");
    }

    private static Locator measure(Page page, String label) {
        return page.locator("table.agreement tr[data-measure=\"" + label + "\"] td");
    }

    /** The page's wording of an estimate: "0.412 (95 % interval 0.105 to 0.700)", percentages as "91.7 %". */
    static String estimate(JsonNode e, boolean percent) {
        if (e.get("value").isNull()) {
            return "undefined (every rating the same)";
        }
        var interval = e.get("low").isNull() ? "no interval"
                : "95 % interval " + format(e.get("low").asDouble(), percent) + " to " + format(e.get("high").asDouble(), percent);
        return format(e.get("value").asDouble(), percent) + " (" + interval + ")";
    }

    /** As JavaScript's toFixed: the exact binary value, rounded half up. */
    static String format(double x, boolean percent) {
        return percent ? new BigDecimal(x * 100).setScale(1, RoundingMode.HALF_UP) + " %" : new BigDecimal(x).setScale(3, RoundingMode.HALF_UP).toString();
    }

    private static void ok(Api.Response r) {
        assertTrue(r.status() / 100 == 2, r.toString());
    }
}
