package io.feedbackhub.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.feedbackhub.web.PageChecks.assertFitsAPhone;
import static io.feedbackhub.web.PageChecks.navigateByKeyboard;
import static io.feedbackhub.web.PageChecks.signInWithTheSecretKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conversation view and search (conversations.js) in a real Chromium: a thread of three turns, the middle one
 * recorded from an OpenTelemetry span (OTLP/JSON over HTTP, as an exporter sends it) with its model, latency and
 * tokens, the others registered through /v1/messages; feedback, a review and a chunk vote on them. Opened from the
 * feed and from a search with the keyboard, and on a 390 px phone. SQLite only, like the other browser tests.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationBrowserTest {
    static final String THREAD = "conv-refunds";
    static final String WRONG_ANSWER = "Refunds take 10 days from the day we receive the parcel.";
    static final String COMMENT = "Wrong: it is five business days";
    static final String CORRECTION = "Refunds take 5 business days.";
    static final String LAST_ANSWER = "Your refund reference is RF-2231.";
    static final String CHUNK_TEXT = "Refunds are paid within 5 business days of receipt.";

    TestHub hub;
    Api api;
    String traceId;
    Chromium chromium;
    BrowserContext context;
    Page page;
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        hub = TestHub.start(StoreKind.SQLITE);
        api = hub.api;
        aConversationWithFeedback();
        chromium = Chromium.launch();
    }

    @AfterAll
    void stop() {
        chromium.close();
        hub.close();
    }

    @BeforeEach
    void openBrowser() {
        context = chromium.newContext();
        page = context.newPage();
        pageErrors.clear();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeBrowser() {
        context.close();
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    /** Turn 1 and 3 registered, turn 2 traced; a thumbs up on turn 1, a thumbs down, a chunk vote and a review on turn 2. */
    void aConversationWithFeedback() throws Exception {
        ok(api.put("/v1/agents/refund-bot", "{\"name\": \"Refund bot\"}"));
        ok(api.put("/v1/threads/" + THREAD, "{\"agent_id\": \"refund-bot\", \"title\": \"Where is my refund?\"}"));
        ok(api.put("/v1/messages/" + THREAD + "-1", """
                {"thread_id": "%s", "role": "assistant", "prompt": "Hi, I sent my shoes back.",
                 "content": "Thanks! I can help with the refund.", "model": "gpt-4o"}""".formatted(THREAD)));
        Thread.sleep(5);
        traceId = HexFormat.of().formatHex(randomBytes(16));
        var start = 1_767_000_000_000_000_000L;
        var otlp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/v1/otel/v1/traces"))
                .header("Authorization", "Bearer " + TestHub.SECRET_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "support-api"}}]},
                          "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s", "name": "chat gpt-4o-mini", "kind": 3,
                            "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                            "attributes": [
                              {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                              {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o-mini"}},
                              {"key": "gen_ai.response.model", "value": {"stringValue": "gpt-4o-mini-2024-07-18"}},
                              {"key": "gen_ai.prompt", "value": {"stringValue": "How long do refunds take?"}},
                              {"key": "gen_ai.completion", "value": {"stringValue": "%s"}},
                              {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "812"}},
                              {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "64"}},
                              {"key": "session.id", "value": {"stringValue": "%s"}}]}]}]}]}"""
                        .formatted(traceId, HexFormat.of().formatHex(randomBytes(8)), start, start + 1_250_000_000L, WRONG_ANSWER, THREAD)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, otlp.statusCode(), otlp.body());
        assertEquals(THREAD, ok(api.get("/v1/messages/" + traceId)).json().get("thread_id").asText(), "the span became turn 2");
        Thread.sleep(5);
        ok(api.put("/v1/messages/" + THREAD + "-3", """
                {"thread_id": "%s", "role": "assistant", "prompt": "Thanks. Anything else?", "content": "%s"}"""
                .formatted(THREAD, LAST_ANSWER)));
        ok(api.put("/v1/contents/kb-refunds", """
                {"title": "Refund policy (2023)", "source_url": "https://kb.example.com/refunds", "metadata": {"text": "%s"}}"""
                .formatted(CHUNK_TEXT)));

        ok(api.post("/v1/feedback", """
                {"message_id": "%s-1", "author_id": "user-5", "label": "thumbs_up"}""".formatted(THREAD)));
        ok(api.post("/v1/feedback", """
                {"trace_id": "%s", "author_id": "user-5", "label": "thumbs_down", "reasons": ["incorrect"],
                 "comment": "%s", "correction": "%s"}""".formatted(traceId, COMMENT, CORRECTION)));
        ok(api.post("/v1/feedback", """
                {"message_id": "%s", "content_id": "kb-refunds", "name": "chunk_relevance", "author_id": "user-5", "label": "thumbs_up"}"""
                .formatted(traceId)));
        ok(api.post("/v1/feedback", """
                {"message_id": "%s", "name": "accuracy", "author_id": "reviewer-ana", "source": "reviewer", "score": 0.2,
                 "comment": "Policy says 5 days"}""".formatted(traceId)));
    }

    @Test
    void the_feed_shows_the_answer_and_opens_its_conversation_by_keyboard() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Feed", "Recent feedback");
        var card = page.locator("#feed-list article").filter(new Locator.FilterOptions().setHasText(COMMENT));
        assertThat(card.locator(".answer-excerpt")).containsText(WRONG_ANSWER);

        card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open the conversation of " + traceId)).focus();
        page.keyboard().press("Enter");

        assertThat(page).hasURL(Pattern.compile("#conversation\\?message=" + traceId + "$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Conversation").setLevel(1))).isFocused();
        assertThat(page.locator("#conversation-scope")).containsText("Where is my refund?");
        var turns = page.locator("#conversation-turns > li > article");
        assertThat(turns).hasCount(3);
        assertThat(turns.nth(0)).containsText("Thanks! I can help with the refund.");
        assertThat(turns.nth(1)).containsText("How long do refunds take?");
        assertThat(turns.nth(1)).containsText(WRONG_ANSWER);
        assertThat(turns.nth(2)).containsText(LAST_ANSWER);
        assertThat(turns.nth(1)).hasAttribute("aria-current", "true");

        var produced = turns.nth(1).locator("dl.produced");
        assertThat(produced).containsText("gpt-4o-mini-2024-07-18");
        assertThat(produced).containsText("1,250 ms");
        assertThat(produced).containsText("812 in, 64 out");
        assertThat(turns.nth(0).locator("dl.produced")).containsText("gpt-4o");

        var judged = turns.nth(1).locator(".judgments > li");
        assertThat(judged).hasCount(3);
        assertThat(turns.nth(1)).containsText("Thumbs down");
        assertThat(turns.nth(1)).containsText("“" + COMMENT + "”");
        assertThat(turns.nth(1).locator(".chip")).containsText(new String[] {"incorrect"});
        assertThat(turns.nth(1)).containsText("Correction: " + CORRECTION);
        var chunkVote = turns.nth(1).locator(".judgment").filter(new Locator.FilterOptions().setHas(page.locator(".chunk")));
        assertThat(chunkVote.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Refund policy (2023)")))
                .hasAttribute("href", "https://kb.example.com/refunds");
        assertThat(chunkVote).containsText(CHUNK_TEXT);
        assertThat(chunkVote).containsText("Thumbs up");
        var review = turns.nth(1).locator(".judgment").filter(new Locator.FilterOptions().setHasText("Review"));
        assertThat(review).containsText("score 0.2");
        assertThat(review).containsText("by reviewer-ana");
        assertThat(turns.nth(0).locator(".judgment")).containsText("Thumbs up");
        assertThat(turns.nth(2)).containsText("No feedback on this turn.");
        Chromium.screenshot(page, "conversation");
    }

    @Test
    void search_finds_a_comment_and_an_answer_and_opens_the_conversation() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Search", "Search");

        page.getByLabel("Words to find").focus();
        page.keyboard().type("five business");
        page.keyboard().press("Enter");

        var hits = page.locator("#search-results article");
        assertThat(hits).hasCount(1);
        assertThat(hits.first()).containsText("Comment");
        assertThat(hits.first()).containsText(COMMENT);
        assertThat(page).hasURL(Pattern.compile("#search\\?q=five\\+business$|#search\\?q=five%20business$"));

        page.getByLabel("Words to find").fill("refund reference");
        page.keyboard().press("Enter");
        assertThat(hits).hasCount(1);
        assertThat(hits.first()).containsText("Answer");
        assertThat(hits.first()).containsText(LAST_ANSWER);
        Chromium.screenshot(page, "search");
        hits.first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open the conversation")).focus();
        page.keyboard().press("Enter");

        assertThat(page).hasURL(Pattern.compile("#conversation\\?message=" + THREAD + "-3$"));
        var turns = page.locator("#conversation-turns > li > article");
        assertThat(turns).hasCount(3);
        assertThat(turns.nth(2)).hasAttribute("aria-current", "true");

        page.goBack();
        assertThat(page.getByLabel("Words to find")).hasValue("refund reference");
        page.getByLabel("Words to find").fill("?!");
        page.keyboard().press("Enter");
        assertThat(page.locator("#search-problem")).containsText("no words");
    }

    @Test
    void a_thread_opens_by_its_id_and_an_unknown_one_says_so() {
        signInWithTheSecretKey(page, hub);
        navigateByKeyboard(page, "Conversation", "Conversation");

        page.getByLabel("Thread id").focus();
        page.keyboard().type(THREAD);
        page.keyboard().press("Enter");
        assertThat(page.locator("#conversation-turns > li > article")).hasCount(3);
        assertThat(page.locator("#conversation-scope")).containsText("3 turns · 4 feedback");

        page.getByLabel("Thread id").fill("no-such-thread");
        page.keyboard().press("Enter");
        assertThat(page.locator("#conversation-empty")).containsText("Nothing is registered");
    }

    @Test
    void the_conversation_and_search_fit_a_390_px_phone() {
        try (var phone = chromium.newContext(390, 844)) {
            var small = phone.newPage();
            small.onPageError(pageErrors::add);
            small.navigate(hub.baseUrl() + "/");
            small.getByLabel("Secret API key").fill(TestHub.SECRET_KEY);
            small.keyboard().press("Enter");
            assertThat(small.locator("#overview-cards .card").first()).isVisible();

            small.navigate(hub.baseUrl() + "/#conversation?thread=" + THREAD);
            assertThat(small.locator("#conversation-turns > li > article")).hasCount(3);
            assertFitsAPhone(small, "Conversation");
            Chromium.screenshot(small, "phone-conversation", true);

            small.navigate(hub.baseUrl() + "/#search?q=refund");
            assertThat(small.locator("#search-results article").first()).isVisible();
            assertFitsAPhone(small, "Search");
        }
    }

    private static Api.Response ok(Api.Response response) {
        assertTrue(response.status() / 100 == 2, response.toString());
        return response;
    }

    private static byte[] randomBytes(int n) {
        var b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
