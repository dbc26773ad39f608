package io.feedbackhub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import io.feedbackhub.webhooks.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.feedbackhub.web.PageChecks.assertFitsAPhone;
import static io.feedbackhub.web.PageChecks.navigateByKeyboard;
import static io.feedbackhub.web.PageChecks.tabTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Manage pages of integrations.js (feedback configs with the widget's preview, alert rules, webhook endpoints with
 * their deliveries and a test event) in a real Chromium, signed in as an editor person (a server-side session, its
 * cookie and CSRF token); every change is proved against the API over real HTTP, and the test event against a real
 * receiver on loopback that verifies the signature itself.
 *
 * <p>SQLite only, like the other browser tests: the pages read and write the public API, whose answers are tested on
 * both stores elsewhere (webhooks/WebhookTestEventTest for the test event).
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationsPagesBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Locator.GetByLabelOptions EXACT = new Locator.GetByLabelOptions().setExact(true);
    TestHub hub;
    Chromium chromium;
    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE, TestHub.settings("FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true",
                "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS=500ms,500ms", "FEEDBACK_HUB_WEBHOOK_TIMEOUT=5s"));
        chromium = Chromium.launch();
    }

    @AfterAll
    void stop() {
        chromium.close();
        hub.close();
    }

    @BeforeEach
    void clearErrors() {
        pageErrors.clear();
    }

    @AfterEach
    void closeBrowsers() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
    }

    // ---------------------------------------------------------------- feedback configs

    @Test
    void an_editor_creates_a_config_and_the_widgets_preview_follows_the_form() {
        var page = signedIn(TeamRole.EDITOR, 1366, 900);
        open(page, "Configs");
        var view = page.locator("#view-configs");
        var name = "helpfulness-" + UUID.randomUUID().toString().substring(0, 8);
        var preview = page.locator("#config-preview feedback-buttons");

        view.getByLabel("Feedback name").fill(name);
        view.getByLabel("Kind", EXACT).selectOption("reaction");
        view.getByLabel("Allowed reasons (comma-separated; empty: any)").fill("Wrong, Outdated");
        preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bad answer")).click();

        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bad answer")))
                .hasAttribute("aria-pressed", "true");
        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Wrong"))).isVisible();
        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Outdated"))).isVisible();
        assertThat(preview.locator("[role=status]")).hasText("Preview: nothing was sent.");
        assertThat(page.locator("#config-snippet")).hasValue(java.util.regex.Pattern.compile(
                "name=\"" + name + "\" reasons=\"Wrong,Outdated\""));

        // the preview follows the form as it is typed, before anything is saved
        view.getByLabel("Allowed reasons (comma-separated; empty: any)").fill("Wrong, Too long");
        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Too long"))).isVisible();
        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Outdated"))).hasCount(0);
        view.getByLabel("Kind", EXACT).selectOption("numeric");
        assertThat(page.locator("#config-preview-notes .bad")).containsText("a numeric config would refuse them");
        view.getByLabel("Kind", EXACT).selectOption("reaction");
        view.getByLabel("Labels (comma-separated)").fill("thumbs_up, meh");
        assertThat(page.locator("#config-preview-notes .bad")).containsText("refuses thumbs_down");
        view.getByLabel("Labels (comma-separated)").fill("");
        assertThat(page.locator("#config-preview-notes .good").first()).containsText("fit this config");
        Chromium.screenshot(page, "configs-preview");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save config")).click();

        assertThat(page.locator("#configs-list tr[data-config='" + name + "']")).containsText("Wrong, Too long");
        var saved = hub.api.get("/v1/feedback-configs/" + name);
        assertEquals(200, saved.status(), saved.body());
        assertEquals("reaction", saved.json().get("type").asText());
        assertEquals(List.of("Wrong", "Too long"), texts(saved.json().get("allowed_reasons")));
        assertEquals(0, hub.api.get("/v1/feedback?name=" + name).json().get("items").size(), "the preview wrote nothing");
    }

    @Test
    void the_apis_refusal_of_a_config_shows_next_to_the_field_it_names() {
        var page = signedIn(TeamRole.EDITOR, 1366, 900);
        open(page, "Configs");
        var view = page.locator("#view-configs");
        var name = "category-" + UUID.randomUUID().toString().substring(0, 8);

        view.getByLabel("Feedback name").fill(name);
        view.getByLabel("Kind", EXACT).selectOption("categorical");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save config")).click();

        assertThat(page.locator("#config-labels-error")).containsText("a categorical config needs at least one label");
        assertThat(view.getByLabel("Labels (comma-separated)")).isFocused();
        assertThat(view.getByLabel("Labels (comma-separated)")).hasAttribute("aria-invalid", "true");
        assertEquals(404, hub.api.get("/v1/feedback-configs/" + name).status(), "nothing was written");

        view.getByLabel("Labels (comma-separated)").fill("bug, idea");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save config")).click();
        assertThat(page.locator("#configs-list tr[data-config='" + name + "']")).containsText("bug, idea");
        assertThat(page.locator("#config-labels-error")).isHidden();
        assertEquals(List.of("bug", "idea"), texts(hub.api.get("/v1/feedback-configs/" + name).json().get("labels")));
    }

    // ---------------------------------------------------------------- alert rules

    @Test
    void an_editor_creates_edits_and_deletes_an_alert_rule_and_sees_its_state() {
        var page = signedIn(TeamRole.EDITOR, 1366, 900);
        open(page, "Alert rules");
        var view = page.locator("#view-alerts");
        var agent = "alert-agent-" + UUID.randomUUID().toString().substring(0, 8);

        view.getByLabel("Condition", EXACT).fill("rate(thumbs_down) > 0.2");
        view.getByLabel("Description", EXACT).fill("thumbs-down spike of " + agent);
        view.getByLabel("Agent", EXACT).fill(agent);
        view.getByLabel("Label", EXACT).fill("thumbs_down");
        view.getByLabel("Window", EXACT).fill("90m");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create rule")).click();

        assertThat(page.locator("#alert-filter-label-error")).containsText("filter on the label only with mean(score)");
        assertThat(page.locator("#alert-window-error")).containsText("whole hours");
        assertThat(view.getByLabel("Label", EXACT)).hasAttribute("aria-invalid", "true");
        assertThat(view.getByLabel("Window", EXACT)).hasAttribute("aria-invalid", "true");
        assertEquals(0, rulesOf(agent).size(), "a refused rule is not written");

        view.getByLabel("Label", EXACT).fill("");
        view.getByLabel("Window", EXACT).fill("2h");
        view.getByLabel("At least this many counted").fill("5");
        view.getByLabel("Compare", EXACT).selectOption("lower_bound");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create rule")).click();

        var row = page.locator("#alerts-list tr:has-text('" + agent + "')");
        assertThat(row).containsText("rate(thumbs_down) > 0.2");
        assertThat(row).containsText("2h, at least 5, lower bound");
        assertThat(row.locator(".alert-state")).containsText("OK");
        var rules = rulesOf(agent);
        assertEquals(1, rules.size());
        var rule = rules.getFirst();
        assertEquals("2h", rule.get("window").asText());
        assertEquals(5, rule.get("min_count").asInt());
        assertEquals("lower_bound", rule.get("compare").asText());
        assertEquals(agent, rule.get("filter").get("agent_id").asText());
        Chromium.screenshot(page, "alerts");

        view.getByLabel("Window", EXACT).fill("3h");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save rule")).click();
        assertThat(row).containsText("3h, at least 5");
        assertEquals("3h", hub.api.get("/v1/alerts/" + rule.get("id").asText()).json().get("window").asText());

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete rule thumbs-down spike of " + agent)).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel"))).isFocused();
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(row).hasCount(0);
        assertEquals(404, hub.api.get("/v1/alerts/" + rule.get("id").asText()).status());
    }

    // ---------------------------------------------------------------- webhooks

    @Test
    void an_editor_creates_an_endpoint_sends_a_test_event_and_sees_it_arrive_signed() {
        try (var receiver = Receiver.start()) {
            var page = signedIn(TeamRole.EDITOR, 1366, 900);
            open(page, "Webhooks");
            var view = page.locator("#view-webhooks");

            view.getByLabel("URL", EXACT).fill(receiver.url());
            view.getByLabel("Description", EXACT).fill("browser test receiver");
            view.getByLabel("alert.triggered").check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create endpoint")).click();

            var secretField = view.getByLabel("Signing secret (shown this once)");
            assertThat(secretField).isFocused();
            var secret = secretField.inputValue();
            assertTrue(secret.startsWith("whsec_"), secret);
            var endpoint = endpointByUrl(receiver.url());
            assertEquals(List.of("alert.triggered", "feedback.created", "feedback.deleted", "feedback.purged", "feedback.updated"),
                    texts(endpoint.get("events")));
            assertTrue(!hub.api.get("/v1/webhooks/" + endpoint.get("id").asText()).body().contains(secret), "never shown again");

            var card = page.locator("[data-endpoint='" + endpoint.get("id").asText() + "']");
            card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send test event")).click();

            Receiver.eventually(WAIT, "the receiver gets the test event", () -> receiver.accepted().size() == 1);
            var ping = receiver.accepted().getFirst();
            assertEquals("ping", ping.type());
            assertTrue(ping.signedWith(secret), "signed with the secret the page showed: " + ping.signature());
            assertEquals(endpoint.get("id").asText(), ping.json().get("data").get("endpoint_id").asText());
            var delivery = card.locator(".deliveries tr[data-event='" + ping.id() + "']");
            assertThat(delivery).containsText("ping");
            assertThat(delivery).containsText("delivered");
            assertThat(delivery).containsText("HTTP 200");
            assertThat(delivery).hasClass("highlight");
            Chromium.screenshot(page, "webhooks-test-event");

            // events, disabling, deleting
            card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit events")).click();
            card.getByLabel("feedback.updated").uncheck();
            card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save events")).click();
            assertThat(card.locator("p.meta")).hasText("Events: alert.triggered, feedback.created, feedback.deleted, feedback.purged");
            assertEquals(List.of("alert.triggered", "feedback.created", "feedback.deleted", "feedback.purged"),
                    texts(endpointByUrl(receiver.url()).get("events")));
            card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable")).click();
            assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Enable"))).isFocused();
            assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send test event"))).isDisabled();
            assertEquals(false, endpointByUrl(receiver.url()).get("enabled").asBoolean());
            card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            assertThat(card).hasCount(0);
            assertEquals(404, hub.api.get("/v1/webhooks/" + endpoint.get("id").asText()).status());
        }
    }

    // ---------------------------------------------------------------- roles

    @Test
    void a_viewer_gets_no_manage_links_for_these_pages_and_the_api_refuses_their_changes() {
        var viewer = signedIn(TeamRole.VIEWER, 1366, 768);
        var editor = signedIn(TeamRole.EDITOR, 1366, 768);

        for (var name : List.of("Configs", "Alert rules", "Webhooks")) {
            assertThat(viewer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name))).isHidden();
            assertThat(editor.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name))).isVisible();
        }
        assertEquals(403, status(viewer, "PUT", "/v1/feedback-configs/viewer-made", "{\"type\": \"text\"}"));
        assertEquals(403, status(viewer, "POST", "/v1/alerts", "{\"condition\": \"rate(thumbs_down) > 0.5\"}"));
        assertEquals(403, status(viewer, "POST", "/v1/webhooks", "{\"url\": \"https://93.184.215.14/hook\"}"));
        var hook = hub.api.post("/v1/webhooks", "{\"url\": \"https://93.184.215.14/hook\"}").json().get("id").asText();
        assertEquals(403, status(viewer, "POST", "/v1/webhooks/" + hook + "/test", "{}"));
        assertEquals(0, hub.api.get("/v1/webhooks/" + hook + "/deliveries").json().get("items").size());
        assertEquals(202, status(editor, "POST", "/v1/webhooks/" + hook + "/test", "{}"), "the same request from an editor");

        viewer.navigate(hub.baseUrl() + "/#configs");
        viewer.locator("#view-configs").getByLabel("Feedback name").fill("viewer-made");
        viewer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save config")).click();
        assertThat(viewer.locator("#config-problem")).containsText("403");
        assertEquals(404, hub.api.get("/v1/feedback-configs/viewer-made").status());
    }

    // ---------------------------------------------------------------- phone and keyboard, one test per page

    @Test
    void on_a_390_px_phone_the_configs_page_fits_and_works_with_the_keyboard_alone() {
        var page = signedIn(TeamRole.EDITOR, 390, 844);
        navigateByKeyboard(page, "Configs");
        var view = page.locator("#view-configs");
        assertFitsAPhone(page, "configs");
        var name = "kbd-" + UUID.randomUUID().toString().substring(0, 8);

        tabTo(page, view.getByLabel("Feedback name"));
        page.keyboard().type(name);
        tabTo(page, view.getByLabel("Allowed reasons (comma-separated; empty: any)"));
        page.keyboard().type("Slow, Rude");
        tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save config")));
        page.keyboard().press("Enter");

        assertThat(page.locator("#configs-list tr[data-config='" + name + "']")).isVisible();
        assertEquals(List.of("Slow", "Rude"), texts(hub.api.get("/v1/feedback-configs/" + name).json().get("allowed_reasons")));
        var preview = page.locator("#config-preview feedback-buttons");
        tabTo(page, preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Good answer")));
        page.keyboard().press("Enter");
        assertThat(preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rude"))).isVisible();
        assertFitsAPhone(page, "configs with the preview open");
        tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit " + name)));
        page.keyboard().press("Enter");
        assertThat(view.getByLabel("Kind", EXACT)).isFocused();
        assertFitsAPhone(page, "configs after saving");
        Chromium.screenshot(page, "phone-configs");
    }

    @Test
    void on_a_390_px_phone_the_alerts_page_fits_and_works_with_the_keyboard_alone() {
        var page = signedIn(TeamRole.EDITOR, 390, 844);
        navigateByKeyboard(page, "Alert rules");
        var view = page.locator("#view-alerts");
        assertFitsAPhone(page, "alerts");
        var agent = "kbd-agent-" + UUID.randomUUID().toString().substring(0, 8);

        tabTo(page, view.getByLabel("Condition", EXACT));
        page.keyboard().type("mean(score) < 0.4");
        tabTo(page, view.getByLabel("Agent", EXACT));
        page.keyboard().type(agent);
        tabTo(page, view.getByLabel("Compare", EXACT));
        page.keyboard().press("ArrowDown");
        tabTo(page, page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create rule")));
        page.keyboard().press("Enter");

        var row = page.locator("#alerts-list tr:has-text('" + agent + "')");
        assertThat(row).containsText("mean(score) < 0.4");
        assertEquals("lower_bound", rulesOf(agent).getFirst().get("compare").asText());
        assertFitsAPhone(page, "alerts with a rule");
        tabTo(page, row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete rule mean(score) < 0.4")));
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel"))).isFocused();
        assertFitsAPhone(page, "alerts with the dialog");
        page.keyboard().press("Tab");
        page.keyboard().press("Enter");
        assertThat(page.locator("#alerts-list-title")).isFocused();
        assertThat(row).hasCount(0);
        assertEquals(0, rulesOf(agent).size());
        Chromium.screenshot(page, "phone-alerts");
    }

    @Test
    void on_a_390_px_phone_the_webhooks_page_fits_and_works_with_the_keyboard_alone() {
        try (var receiver = Receiver.start()) {
            var page = signedIn(TeamRole.EDITOR, 390, 844);
            navigateByKeyboard(page, "Webhooks");
            var view = page.locator("#view-webhooks");
            assertFitsAPhone(page, "webhooks");

            tabTo(page, view.getByLabel("URL", EXACT));
            page.keyboard().type(receiver.url());
            page.keyboard().press("Enter");
            var secret = view.getByLabel("Signing secret (shown this once)");
            assertThat(secret).isFocused();
            assertFitsAPhone(page, "webhooks with the secret");
            var id = endpointByUrl(receiver.url()).get("id").asText();
            var card = page.locator("[data-endpoint='" + id + "']");
            tabTo(page, card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send test event")));
            page.keyboard().press("Enter");

            Receiver.eventually(WAIT, "the receiver gets the test event", () -> receiver.accepted().size() == 1);
            assertTrue(receiver.accepted().getFirst().signedWith(secret.inputValue()));
            assertThat(card.locator(".deliveries tr[data-event='" + receiver.accepted().getFirst().id() + "']")).containsText("delivered");
            assertFitsAPhone(page, "webhooks with a delivery");
            Chromium.screenshot(page, "phone-webhooks");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh browser holding a new person's session of {@code role} (its cookie; the page asks GET /v1/me for the CSRF token). */
    private Page signedIn(TeamRole role, int width, int height) {
        var session = hub.signIn(role);
        var context = chromium.newContext(width, height);
        contexts.add(context);
        context.addCookies(List.of(new Cookie("fh_session", session.cookie()).setUrl(hub.baseUrl())));
        var page = context.newPage();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
        page.navigate(hub.baseUrl() + "/");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        return page;
    }

    private static void open(Page page, String link) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(link)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(link).setLevel(1))).isVisible();
        assertThat(page.locator("#status")).not().containsText("Loading");
    }

    /** The status of a change the page's own session makes (its cookie and CSRF token). */
    private static int status(Page page, String method, String path, String body) {
        return ((Number) page.evaluate("([m, p, b]) => fetch(p, {method: m, credentials: 'same-origin', headers: {'Content-Type': 'application/json', "
                + "'X-CSRF-Token': sessionStorage.getItem('feedbackhub.dashboard.csrf') || ''}, body: b}).then(r => r.status)",
                List.of(method, path, body))).intValue();
    }

    private JsonNode endpointByUrl(String url) {
        for (var e : hub.api.get("/v1/webhooks").json().get("items")) {
            if (e.get("url").asText().equals(url)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint for " + url);
    }

    private List<JsonNode> rulesOf(String agent) {
        var rules = new ArrayList<JsonNode>();
        for (var r : hub.api.get("/v1/alerts").json().get("items")) {
            if (agent.equals(r.get("filter").path("agent_id").asText(null))) {
                rules.add(r);
            }
        }
        return rules;
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
