package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.feedbackhub.auth.TeamRole;
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
            page.keyboard().press("r");
            assertThat(page.locator("#review-claim")).isFocused();
            page.keyboard().press("Enter");
            for (int i = 0; i < ITEMS; i++) {
                review(page, run + "-" + i, String.valueOf(1 + i % 3));
            }
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
        }
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    // ---------------------------------------------------------------- helpers

    /** The item on the page is {@code messageId}; press {@code key} and Enter, and wait for the next item. */
    private static void review(Page page, String messageId, String key) {
        assertThat(page.locator("#review-lease")).isVisible();
        var order = messageId.substring(messageId.lastIndexOf('-') + 1);
        assertThat(page.locator(".review-item .answer")).hasText("Yes: within 30 days of order " + order + ".");
        page.keyboard().press(key);
        assertThat(page.locator("#review-form input[type=radio]").nth(Integer.parseInt(key) - 1)).isChecked();
        page.keyboard().press("Enter");
        assertThat(page.locator("#review-notice")).containsText("Review saved");
        assertThat(page.locator(".review-item .answer").or(page.locator("#review-none"))).not().hasText(
                "Yes: within 30 days of order " + order + ".");
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

    private static void ok(io.feedbackhub.testing.Api.Response r) {
        assertTrue(r.status() / 100 == 2, r.toString());
    }
}
