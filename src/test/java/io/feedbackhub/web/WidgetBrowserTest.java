package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code <feedback-buttons>} widget on an app's page (served here from another origin than the hub, as in real
 * life), in a real Chromium: it gives, changes and undoes a vote with an end-user token or a publishable key (as
 * the browser's anonymous id), shows
 * the current vote, is driven by keyboard, and leaves the host page working when the hub is stopped or hangs.
 * SQLite only, for the reason given on {@link DashboardBrowserTest}.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WidgetBrowserTest {
    TestHub hub;
    Chromium chromium;
    HttpServer appServer;
    final Map<String, String> appPages = new ConcurrentHashMap<>();
    BrowserContext context;
    Page page;
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        hub = TestHub.start(StoreKind.SQLITE);
        chromium = Chromium.launch();
        // The app whose page embeds the widget: its own origin (127.0.0.1 vs the hub's localhost).
        appServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        appServer.createContext("/", exchange -> {
            var body = appPages.get(exchange.getRequestURI().getPath());
            var bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        appServer.start();
    }

    @AfterAll
    void stop() {
        appServer.stop(0);
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
        assertEquals(List.of(), pageErrors, "uncaught errors in the host page");
    }

    // ---------------------------------------------------------------- with an end-user token

    @Test
    void with_a_token_the_widget_gives_changes_shows_and_undoes_a_vote() {
        var message = "msg-" + UUID.randomUUID();
        var token = mint("user-42", "thread-7", message);
        var url = appPage("""
                <feedback-buttons base-url="%s" token="%s" thread-id="thread-7" message-id="%s" agent-id="support-bot"
                                  reasons="Wrong,Outdated,Too long"></feedback-buttons>""".formatted(hub.baseUrl(), token, message));
        page.navigate(url);
        var up = button("Good answer");
        var down = button("Bad answer");
        assertThat(up).hasAttribute("aria-pressed", "false");

        // give: a click
        up.click();
        assertThat(status()).hasText("Thanks for the feedback.");
        assertThat(up).hasAttribute("aria-pressed", "true");
        var given = current(message);
        assertEquals("thumbs_up", given.get("label").asText());
        assertEquals("user-42", given.get("author_id").asText(), "the author comes from the token");
        var id = given.get("id").asText();

        // change: by keyboard
        down.focus();
        page.keyboard().press("Space");
        assertThat(down).hasAttribute("aria-pressed", "true");
        assertThat(up).hasAttribute("aria-pressed", "false");
        assertThat(status()).containsText("Tell us what went wrong");
        assertEquals("thumbs_down", current(message).get("label").asText());

        // details: a reason chip and a comment
        var wrong = button("Wrong");
        wrong.click();
        assertThat(wrong).hasAttribute("aria-pressed", "true");
        page.getByLabel("Comment").fill("The refund window is 14 days, not 30.");
        button("Send").click();
        assertThat(status()).hasText("Thanks, your feedback was saved.");
        var detailed = current(message);
        assertEquals(id, detailed.get("id").asText(), "the same slot, changed in place");
        assertEquals("[\"Wrong\"]", detailed.get("reasons").toString());
        assertEquals("The refund window is 14 days, not 30.", detailed.get("comment").asText());
        assertEquals(3, detailed.get("revision").asInt());
        Chromium.screenshot(page, "widget-voted");

        // shown again after a reload: the widget reads the author's current vote with the token
        page.reload();
        assertThat(button("Bad answer")).hasAttribute("aria-pressed", "true");
        assertThat(button("Wrong")).hasAttribute("aria-pressed", "true");
        assertThat(page.getByLabel("Comment")).hasValue("The refund window is 14 days, not 30.");

        // undo
        button("Undo my vote").click();
        assertThat(status()).hasText("Your vote was removed.");
        assertThat(button("Bad answer")).hasAttribute("aria-pressed", "false");
        assertThat(button("Good answer")).isFocused();
        assertEquals(404, hub.api.get("/v1/feedback/" + id).status());

        // toggle: a second press of the pressed thumb undoes it too
        button("Good answer").click();
        assertThat(button("Good answer")).hasAttribute("aria-pressed", "true");
        button("Good answer").click();
        assertThat(status()).hasText("Your vote was removed.");
        assertEquals(List.of(), hub.api.get("/v1/feedback?message_id=" + message).json().get("items").findValues("id"));
        Chromium.screenshot(page, "widget-undone");
    }

    @Test
    void switching_the_thumb_drops_the_reasons_and_comment_of_the_other_one() {
        var message = "msg-" + UUID.randomUUID();
        var token = mint("user-switch", "thread-8", message);
        page.navigate(appPage("""
                <feedback-buttons base-url="%s" token="%s" thread-id="thread-8" message-id="%s"
                                  reasons="Wrong,Outdated"></feedback-buttons>""".formatted(hub.baseUrl(), token, message)));
        button("Bad answer").click();
        assertThat(status()).containsText("Tell us what went wrong");
        button("Outdated").click();
        page.getByLabel("Comment").fill("The price changed in March.");
        button("Send").click();
        assertThat(status()).hasText("Thanks, your feedback was saved.");
        assertEquals("[\"Outdated\"]", current(message).get("reasons").toString());

        button("Good answer").click();

        assertThat(status()).hasText("Thanks for the feedback.");
        assertThat(button("Outdated")).hasAttribute("aria-pressed", "false");
        assertThat(page.getByLabel("Comment")).hasValue("");
        var now = current(message);
        assertEquals("thumbs_up", now.get("label").asText());
        assertEquals("[]", now.get("reasons").toString(), "the reasons belonged to the thumbs down");
        assertTrue(now.get("comment").isNull(), "so did the comment: " + now);
        page.reload();
        assertThat(button("Good answer")).hasAttribute("aria-pressed", "true");
        assertThat(page.getByLabel("Comment")).hasValue("");
    }

    @Test
    void a_vote_with_a_token_that_binds_the_prompt_version_counts_for_that_version() {
        var message = "msg-" + UUID.randomUUID();
        var version = "widget-v-" + UUID.randomUUID();
        var minted = hub.api.post("/v1/tokens", """
                {"author_id": "user-bound", "message_id": "%s", "metadata": {"prompt_version": "%s"}, "source_surface": "help-center"}"""
                .formatted(message, version));
        assertEquals(201, minted.status(), minted.body());
        page.navigate(appPage("""
                <feedback-buttons base-url="%s" token="%s" message-id="%s"></feedback-buttons>"""
                .formatted(hub.baseUrl(), minted.json().get("token").asText(), message)));

        button("Bad answer").click();

        assertThat(status()).containsText("Tell us what went wrong");
        var vote = current(message);
        assertEquals(version, vote.get("metadata").get("prompt_version").asText());
        assertEquals("help-center", vote.get("source_surface").asText());
        var stats = hub.api.get("/v1/stats?from=" + java.time.Instant.now().minus(java.time.Duration.ofDays(1))
                + "&metadata.prompt_version=" + version).json();
        assertEquals(1, stats.get("overall").get("positive_rate").get("negative").asInt(), stats.toString());
        // what the person could try from the page's console is refused: the token binds the version
        var forged = page.evaluate("""
                async ([base, token]) => (await fetch(base + '/v1/feedback', {method: 'POST',
                  headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
                  body: JSON.stringify({label: 'thumbs_up', metadata: {prompt_version: 'v-better'}})})).status""",
                List.of(hub.baseUrl(), minted.json().get("token").asText()));
        assertEquals(403, ((Number) forged).intValue());
        assertEquals("thumbs_down", current(message).get("label").asText());
    }

    @Test
    void with_an_expired_or_refused_token_the_widget_says_so_and_tells_the_host() {
        var message = "msg-" + UUID.randomUUID();
        var url = appPage("""
                <feedback-buttons base-url="%s" token="fh_eut_not.a.token" message-id="%s"></feedback-buttons>
                """.formatted(hub.baseUrl(), message));
        page.navigate(url);

        button("Good answer").click();

        assertThat(status()).containsText("expired");
        assertThat(button("Good answer")).hasAttribute("aria-pressed", "false");
        assertTrue(((Number) page.evaluate("window.feedbackErrors.filter(e => e.status === 401).length")).intValue() >= 1);
    }

    // ---------------------------------------------------------------- with a publishable key

    @Test
    void with_a_publishable_key_the_widget_votes_as_this_browsers_anonymous_id_which_another_browser_cannot_change() {
        var key = hub.issueKey(Role.PUBLISHABLE, List.of(appOrigin()));
        var message = "msg-" + UUID.randomUUID();
        var url = appPage("""
                <feedback-buttons base-url="%s" publishable-key="%s" message-id="%s" no-comment>
                </feedback-buttons>""".formatted(hub.baseUrl(), key, message));
        page.navigate(url);

        button("Bad answer").click();
        assertThat(status()).containsText("Thanks");
        var given = current(message);
        var anonymousId = (String) page.evaluate("Object.entries(localStorage).find(([k]) => k.includes('anonymous-id'))[1]");
        assertTrue(anonymousId.startsWith("fh_anon_"), anonymousId);
        var author = given.get("author_id").asText();
        assertEquals(author, UUID.fromString(author).toString(), "the author is the hub's anonymous id, not the page's choice");
        assertThat(page.getByLabel("Comment")).isHidden();

        // another browser (its own storage, so its own anonymous id) on the same page: it sees no vote and its
        // vote is its own; the first browser's stays as it was
        var other = chromium.newContext();
        try {
            var otherPage = other.newPage();
            otherPage.navigate(url);
            var otherUp = otherPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Good answer").setExact(true));
            assertThat(otherUp).hasAttribute("aria-pressed", "false");
            otherUp.click();
            assertThat(otherUp).hasAttribute("aria-pressed", "true");
            // the button shows the vote at once; the thanks, once the hub has stored it
            assertThat(otherPage.locator("feedback-buttons").getByRole(AriaRole.STATUS)).containsText("Thanks");
            var votes = hub.api.get("/v1/feedback?message_id=" + message).json().get("items");
            assertEquals(2, votes.size(), votes.toString());
            assertEquals("thumbs_down", hub.api.get("/v1/feedback/" + given.get("id").asText()).json().get("label").asText());
        } finally {
            other.close();
        }

        // this browser, after a reload: the hub tells it its vote, and it can undo it
        page.reload();
        assertThat(button("Bad answer")).hasAttribute("aria-pressed", "true");
        button("Undo my vote").click();

        assertThat(status()).hasText("Your vote was removed.");
        assertEquals(404, hub.api.get("/v1/feedback/" + given.get("id").asText()).status());
    }

    // ---------------------------------------------------------------- when the hub is not there

    @Test
    void with_the_hub_stopped_the_widget_fails_quietly_and_the_page_keeps_working() {
        var stopped = TestHub.start(StoreKind.SQLITE);
        var message = "msg-" + UUID.randomUUID();
        var minted = stopped.api.post("/v1/tokens", "{\"author_id\": \"u\", \"message_id\": \"%s\"}".formatted(message));
        var url = appPage("""
                <feedback-buttons base-url="%s" token="%s" message-id="%s"></feedback-buttons>
                """.formatted(stopped.baseUrl(), minted.json().get("token").asText(), message), stopped.baseUrl());
        page.navigate(url);
        assertThat(button("Good answer")).isVisible();

        stopped.close();
        button("Good answer").click();

        assertThat(status()).hasText("Your feedback could not be saved right now. Please try again later.");
        assertThat(button("Good answer")).hasAttribute("aria-pressed", "false");
        assertHostPageWorks();
        Chromium.screenshot(page, "widget-hub-stopped");

        // the script itself cannot load now: the page does not notice
        page.reload();
        assertHostPageWorks();
    }

    @Test
    void a_hub_that_hangs_is_given_up_on_after_the_timeout_without_blocking_the_page() throws IOException {
        try (var hanging = new HangingServer()) {
            var url = appPage("""
                    <feedback-buttons base-url="http://127.0.0.1:%d" token="fh_eut_x.y.z" message-id="m" timeout="1500">
                    </feedback-buttons>""".formatted(hanging.port()));
            page.navigate(url);

            button("Good answer").click();
            assertThat(status()).hasText("Saving…");
            assertHostPageWorks(); // while the request hangs

            assertThat(status()).hasText("Your feedback could not be saved right now. Please try again later.");
            assertThat(button("Good answer")).hasAttribute("aria-pressed", "false");
            assertTrue(hanging.connections() >= 1, "the widget did try");
        }
    }

    // ---------------------------------------------------------------- helpers

    private String mint(String author, String thread, String message) {
        var minted = hub.api.post("/v1/tokens", """
                {"author_id": "%s", "thread_id": "%s", "message_id": "%s"}""".formatted(author, thread, message));
        assertEquals(201, minted.status(), minted.body());
        return minted.json().get("token").asText();
    }

    private String appOrigin() {
        return "http://127.0.0.1:" + appServer.getAddress().getPort();
    }

    private String appPage(String widget) {
        return appPage(widget, hub.baseUrl());
    }

    /** A chat page of the app, loading the widget from {@code scriptFrom}; returns its URL. */
    private String appPage(String widget, String scriptFrom) {
        var path = "/chat-" + UUID.randomUUID() + ".html";
        appPages.put(path, """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Acme support chat</title>
                <script src="%s/widget.js" async></script>
                <style>body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 40rem; }
                  .answer { background: #f3f5f8; padding: 0.75rem 1rem; border-radius: 8px; }</style></head>
                <body>
                <h1>Acme support</h1>
                <p><strong>You:</strong> How long do refunds take?</p>
                <div class="answer"><p><strong>Assistant:</strong> Refunds are processed within 30 days.</p>
                %s
                </div>
                <p><button id="host-action" type="button">Ask another question</button> <output id="host-output"></output></p>
                <script>
                  window.feedbackErrors = [];
                  document.addEventListener('feedback-error', (e) => window.feedbackErrors.push(e.detail));
                  document.getElementById('host-action').addEventListener('click', () => {
                    document.getElementById('host-output').textContent = 'Sure, ask away.';
                  });
                </script>
                </body>
                </html>""".formatted(scriptFrom, widget));
        return appOrigin() + path;
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator status() {
        return page.locator("feedback-buttons").getByRole(AriaRole.STATUS);
    }

    /** The live feedback on the message, read with the secret key. */
    private JsonNode current(String message) {
        var items = hub.api.get("/v1/feedback?message_id=" + message).json().get("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private void assertHostPageWorks() {
        page.locator("#host-output").evaluate("o => o.textContent = ''");
        page.locator("#host-action").click();
        assertThat(page.locator("#host-output")).hasText("Sure, ask away.");
    }

    /** Accepts connections and never answers: a hub stuck behind a dead proxy. */
    private static final class HangingServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        HangingServer() throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    while (!server.isClosed()) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // closed by close()
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (var s : accepted) {
                s.close();
            }
        }
    }
}
