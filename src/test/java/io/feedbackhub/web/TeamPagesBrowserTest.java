package io.feedbackhub.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
 * The Manage pages (team.js: people, API keys, audit log) in a real Chromium, signed in as an admin person with a
 * password; every change is proved against the API over real HTTP, not against what the page says.
 *
 * <p>SQLite only, like the other browser tests: the pages read and write the public API, whose answers are tested on
 * both stores elsewhere.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamPagesBrowserTest {
    static final String PASSWORD = "a long and unusual passphrase";
    TestHub hub;
    Chromium chromium;
    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.SQLITE);
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

    // ---------------------------------------------------------------- people

    @Test
    void an_admin_invites_a_person_who_joins_by_the_link_changes_their_role_and_removing_them_ends_their_session() {
        var adminEmail = account("admin", "Ada Admin");
        var admin = signedIn(adminEmail, 1366, 768);
        var email = "pat-" + UUID.randomUUID() + "@example.com";
        open(admin, "People");

        admin.locator("#invite-email").fill(email);
        admin.locator("#invite-role").selectOption("viewer");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create invitation link")).click();

        var link = admin.locator("#invite-result .once-value");
        assertThat(link).isFocused();
        assertThat(admin.locator("#invite-result")).containsText("works once");
        var url = link.inputValue();
        assertTrue(url.contains("#invitation="), url);
        assertThat(admin.locator("#pending-list")).containsText(email);

        var invited = page(1366, 768);
        invited.navigate(url);
        invited.getByLabel("Your name").fill("Pat");
        invited.getByLabel("Choose a password").fill(PASSWORD);
        invited.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
        assertThat(invited.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        assertEquals(200, status(invited, "GET", "/v1/me"));
        assertEquals("viewer", me(invited, "role"));

        admin.reload();
        assertThat(admin.locator("#pending-list")).not().containsText(email);
        var patId = personId(email);
        var role = admin.getByLabel("Role of Pat");
        role.selectOption("editor");
        admin.locator("tr[data-person='" + patId + "']").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save role")).click();
        assertThat(admin.locator("#status")).containsText("Pat is now editor");
        assertThat(admin.getByLabel("Role of Pat")).isFocused();
        assertEquals("editor", me(invited, "role"), "the role acts on the person's live session");
        assertEquals("editor", person(email).get("role").asText());

        admin.locator("tr[data-person='" + patId + "']").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove")).click();
        var dialog = admin.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("Remove Pat");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove Pat")).click();
        assertThat(admin.locator("tr[data-person='" + patId + "']")).hasCount(0);
        assertThat(admin.locator("#people-list-title")).isFocused();

        assertEquals(401, status(invited, "GET", "/v1/me"), "the removed person's session ends at once");
        invited.reload();
        assertThat(invited.getByLabel("Email", new Page.GetByLabelOptions().setExact(true))).isVisible();
        assertTrue(person(email) == null, "no longer listed");

        open(admin, "Audit log");
        admin.locator("#audit-target").fill(patId);
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        var rows = admin.locator("#audit-list tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0)).containsText("DELETE /v1/users/{id}");
        assertThat(rows.nth(1)).containsText("PATCH /v1/users/{id}");
        assertThat(rows.nth(0)).containsText("Ada Admin");
        assertThat(rows.nth(0)).containsText("127.0.0.1");
        admin.locator("#audit-target").fill("");
        admin.locator("#audit-actor").selectOption("person:" + personId(adminEmail));
        admin.locator("#audit-method").selectOption("POST");
        admin.locator("#audit-route").fill("/v1/invitations");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("Ada Admin");
    }

    @Test
    void the_api_refusal_of_an_owner_rule_is_shown_in_the_row_and_the_owner_keeps_their_role() {
        var owner = account("owner", "Olga Owner");
        var admin = signedIn(account("admin", "Ali Admin"), 1366, 768);
        open(admin, "People");

        var ownerId = personId(owner);
        var row = admin.locator("tr[data-person='" + ownerId + "']");
        row.getByLabel("Role of Olga Owner").selectOption("viewer");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save role")).click();

        assertThat(row.locator(".problem")).containsText("only an owner can make or change an owner");
        assertThat(row.getByLabel("Role of Olga Owner")).hasValue("owner");
        assertEquals("owner", person(owner).get("role").asText());
        assertTrue(admin.locator("#invite-role option[value=owner]").count() == 0, "an admin is not offered the owner role");
    }

    @Test
    void an_account_with_a_password_is_created_for_automation_and_signs_in_at_once() {
        var admin = signedIn(account("admin", "Abe Admin"), 1366, 768);
        open(admin, "People");
        var email = "robot-" + UUID.randomUUID() + "@example.com";

        admin.locator("#account-new-email").fill(email);
        admin.locator("#account-new-name").fill("CI robot");
        admin.locator("#account-new-role").selectOption("editor");
        admin.locator("#account-new-password").fill("short");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(admin.locator("#account-new-problem")).containsText("password must be 12-128 characters");
        assertTrue(person(email) == null, "nothing half written");

        admin.locator("#account-new-password").fill(PASSWORD);
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(admin.getByLabel("Role of CI robot")).hasValue("editor");
        var login = hub.api.withKey(null).post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(200, login.status(), login.toString());
    }

    // ---------------------------------------------------------------- keys

    @Test
    void a_key_made_on_the_page_is_shown_once_works_against_the_api_and_is_refused_once_revoked() {
        var admin = signedIn(account("admin", "Kim Admin"), 1366, 768);
        open(admin, "API keys");

        admin.locator("#view-keys").getByLabel("Kind", new Locator.GetByLabelOptions().setExact(true)).selectOption("secret");
        admin.locator("#key-new-name").fill("nightly export");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();

        var shown = admin.locator("#key-new-result .once-value");
        assertThat(shown).isFocused();
        assertThat(admin.locator("#key-new-result")).containsText("you will not see it again");
        var secret = shown.inputValue();
        assertTrue(secret.startsWith("fh_secret_"), secret);
        assertEquals(200, hub.api.withKey(secret).get("/v1/feedback?limit=1").status(), "the shown secret is a working key");
        var row = admin.locator("#keys-list tr:has-text('nightly export')");
        assertThat(row).containsText("Secret");
        var keyId = row.getAttribute("data-key");
        assertThat(row).containsText(secret.substring(0, 12));
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Done, hide it")).click();
        assertThat(admin.locator("#key-new-result .once-value")).hasCount(0);
        assertTrue(!admin.content().contains(secret), "the secret is gone from the page");

        admin.locator("#view-keys").getByLabel("Kind", new Locator.GetByLabelOptions().setExact(true)).selectOption("publishable");
        admin.locator("#key-new-name").fill("web widget");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(admin.locator("#key-new-problem")).containsText("origins");
        admin.getByLabel("Allowed origins").fill("https://app.example.com\nhttps://www.example.com");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(admin.locator("#key-new-result")).containsText("https://app.example.com, https://www.example.com");
        var publishable = admin.locator("#key-new-result .once-value").inputValue();
        var widgetRow = admin.locator("#keys-list tr:has-text('web widget')");
        assertThat(widgetRow.locator(".origins li")).hasText(new String[]{"https://app.example.com", "https://www.example.com"});

        widgetRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change the origins")).click();
        var origins = widgetRow.getByLabel("Allowed origins of web widget");
        assertThat(origins).isFocused();
        origins.fill("https://shop.example.com");
        widgetRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save origins")).click();
        assertThat(widgetRow.locator(".origins li")).hasText(new String[]{"https://shop.example.com"});
        assertThat(widgetRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change the origins"))).isFocused();
        var vote = "{\"message_id\": \"m-" + UUID.randomUUID() + "\", \"label\": \"thumbs_up\", \"author_id\": \"shopper\"}";
        assertEquals(403, hub.api.withKey(publishable).post("/v1/feedback", vote, "Origin", "https://app.example.com").status(),
                "the old origin is refused");
        assertEquals(201, hub.api.withKey(publishable).post("/v1/feedback", vote, "Origin", "https://shop.example.com").status(),
                "the same key works from the new origin");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
        admin.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertEquals(200, hub.api.withKey(secret).get("/v1/feedback?limit=1").status(), "cancel keeps the key");
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
        admin.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke the key")).click();
        assertThat(admin.locator("#keys-list tr:has-text('nightly export')")).hasCount(0);
        assertEquals(401, hub.api.withKey(secret).get("/v1/feedback?limit=1").status(), "a revoked key is refused");
        admin.getByLabel("Show revoked keys").check();
        assertThat(admin.locator("#keys-list tr:has-text('nightly export')")).containsText("revoked");

        open(admin, "Audit log");
        admin.locator("#audit-target").fill(keyId);
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        var rows = admin.locator("#audit-list tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("DELETE /v1/keys/{id}");
        assertThat(rows.first()).containsText("Kim Admin");
        assertThat(rows.first()).containsText("nightly export");
    }

    // ---------------------------------------------------------------- audit

    @Test
    void the_audit_log_pages_to_older_entries_and_its_filters_are_in_the_address() {
        var admin = signedIn(account("admin", "Pia Admin"), 1366, 768);
        for (int i = 0; i < 55; i++) {
            assertEquals(201, hub.api.withKey(TestHub.ADMIN_KEY).post("/v1/keys", "{\"role\": \"secret\", \"name\": \"batch " + i + "\"}").status());
        }
        open(admin, "Audit log");

        var rows = admin.locator("#audit-list tbody tr");
        assertThat(rows).hasCount(50);
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Older entries")).click();
        assertThat(rows.nth(50)).isFocused();
        var total = hub.api.withKey(TestHub.ADMIN_KEY).get("/v1/audit?limit=500").json().get("items").size();
        assertThat(rows).hasCount(Math.min(total, 100));

        admin.locator("#audit-method").selectOption("POST");
        admin.locator("#audit-actor").selectOption(bootstrapAdminKeyId());
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(rows).hasCount(50);
        assertTrue(admin.url().contains("method=POST"), admin.url());
        admin.reload();
        assertThat(admin.locator("#audit-method")).hasValue("POST");
        assertThat(admin.locator("#audit-actor")).hasValue(bootstrapAdminKeyId());
        assertThat(rows.first()).containsText("POST /v1/keys");

        admin.locator("#audit-since").fill("2000-01-02T00:00");
        admin.locator("#audit-until").fill("2000-01-01T00:00");
        admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(admin.locator("#audit-list .problem")).isVisible();
        assertThat(admin.locator("#audit-list .problem")).containsText("422");
    }

    // ---------------------------------------------------------------- roles

    @Test
    void a_viewer_sees_no_manage_links_and_the_api_refuses_their_session() {
        var viewer = signedIn(account("viewer", "Val Viewer"), 1366, 768);
        assertThat(viewer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Feed"))).isVisible();
        for (var name : List.of("People", "API keys", "Audit log")) {
            assertThat(viewer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name))).isHidden();
        }
        assertEquals(403, status(viewer, "GET", "/v1/users"));
        assertEquals(403, status(viewer, "GET", "/v1/keys"));
        assertEquals(403, status(viewer, "GET", "/v1/audit"));
        assertEquals(403, status(viewer, "POST", "/v1/keys"));

        viewer.navigate(hub.baseUrl() + "/#keys");
        assertThat(viewer.locator("#keys-list .problem")).containsText("403");
    }

    /**
     * The browser closes a dialog at once and fires its close event later. CI once pressed Escape and then Enter on the
     * same Remove button quickly enough that the late close event of the first showing answered the second one: the
     * dialog stayed open, and confirming in it did nothing. One script here shows the dialog again before that event.
     */
    @Test
    void a_late_close_event_of_an_earlier_confirm_dialog_does_not_answer_the_next() {
        var admin = signedIn(account("admin", "Cy Admin"), 1366, 768);
        var answers = admin.evaluate("""
                async () => {
                  const kit = window.FeedbackHubDashboard, dialog = document.getElementById('confirm');
                  const first = kit.confirmAction('First?', 'Yes');
                  dialog.close();
                  const second = kit.confirmAction('Second?', 'Yes');
                  let secondAnswer = 'none';
                  second.then((answer) => { secondAnswer = answer; });
                  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
                  const beforeConfirming = [await first, dialog.open, secondAnswer];
                  document.getElementById('confirm-ok').click();
                  return beforeConfirming.concat([await second]);
                }""");
        assertEquals(List.of(false, true, "none", true), answers);
    }

    // ---------------------------------------------------------------- phone and keyboard

    @Test
    void on_a_390_px_phone_each_page_fits_and_is_used_with_the_keyboard_alone() {
        var admin = signedIn(account("admin", "Moe Admin"), 390, 844);
        var quinn = account("viewer", "Quinn");

        // people: invite, change a role and remove someone, by keyboard
        navigateByKeyboard(admin, "People");
        assertFitsAPhone(admin, "people");
        tabTo(admin, admin.locator("#invite-email"));
        admin.keyboard().type("kbd-" + UUID.randomUUID() + "@example.com");
        admin.keyboard().press("Enter");
        assertThat(admin.locator("#invite-result .once-value")).isFocused();
        assertFitsAPhone(admin, "people");
        Chromium.screenshot(admin, "phone-people");
        var quinnsRow = admin.locator("tr[data-person='" + personId(quinn) + "']");
        tabTo(admin, quinnsRow.getByLabel("Role of Quinn"));
        admin.keyboard().press("ArrowDown");
        admin.keyboard().press("Tab");
        admin.keyboard().press("Enter");
        assertThat(admin.locator("#status")).containsText("Quinn is now editor");
        assertThat(quinnsRow.getByLabel("Role of Quinn")).isFocused();
        assertEquals("editor", person(quinn).get("role").asText());
        tabTo(admin, quinnsRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove")));
        admin.keyboard().press("Enter");
        assertThat(admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel"))).isFocused();
        admin.keyboard().press("Escape");
        assertThat(admin.getByRole(AriaRole.DIALOG)).isHidden();
        assertThat(quinnsRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove"))).isFocused();
        assertTrue(person(quinn) != null, "Escape removes nobody");
        admin.keyboard().press("Enter");
        admin.keyboard().press("Tab");
        assertThat(admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove Quinn"))).isFocused();
        admin.keyboard().press("Enter");
        assertThat(admin.locator("#people-list-title")).isFocused();
        assertThat(quinnsRow).hasCount(0);
        assertTrue(person(quinn) == null, "removed");

        // keys: a publishable key, then revoking it through the confirm dialog
        navigateByKeyboard(admin, "API keys");
        tabTo(admin, admin.locator("#key-new-kind"));
        admin.keyboard().press("ArrowDown");
        assertThat(admin.locator("#key-new-origins")).isVisible();
        tabTo(admin, admin.locator("#key-new-name"));
        admin.keyboard().type("phone widget");
        tabTo(admin, admin.locator("#key-new-origins"));
        admin.keyboard().type("https://m.example.com");
        tabTo(admin, admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")));
        admin.keyboard().press("Enter");
        var secret = admin.locator("#key-new-result .once-value");
        assertThat(secret).isFocused();
        assertTrue(secret.inputValue().startsWith("fh_pub_"), secret.inputValue());
        assertFitsAPhone(admin, "keys");
        Chromium.screenshot(admin, "phone-keys");
        tabTo(admin, admin.locator("#keys-list tr:has-text('phone widget') button.danger"));
        admin.keyboard().press("Enter");
        assertThat(admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel"))).isFocused();
        assertFitsAPhone(admin, "keys with the dialog");
        admin.keyboard().press("Tab");
        assertThat(admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke the key"))).isFocused();
        admin.keyboard().press("Enter");
        assertThat(admin.locator("#keys-list-title")).isFocused();
        assertThat(admin.locator("#keys-list tr:has-text('phone widget')")).hasCount(0);

        // audit: filter by keyboard
        navigateByKeyboard(admin, "Audit log");
        assertThat(admin.locator("#audit-list tbody tr").first()).isVisible();
        tabTo(admin, admin.locator("#audit-method"));
        for (int i = 0; i < 4; i++) {
            admin.keyboard().press("ArrowDown");
        }
        assertThat(admin.locator("#audit-method")).hasValue("DELETE");
        tabTo(admin, admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")));
        admin.keyboard().press("Enter");
        var rows = admin.locator("#audit-list tbody tr");
        assertThat(rows.first()).containsText("DELETE /v1/keys/{id}");
        assertThat(rows.first()).containsText("Moe Admin");
        assertThat(rows.filter(new Locator.FilterOptions().setHasNotText("DELETE /v1/"))).hasCount(0);
        assertFitsAPhone(admin, "audit");
        Chromium.screenshot(admin, "phone-audit");
    }

    // ---------------------------------------------------------------- helpers

    /** A person of the default tenant with a password (made with the admin key; an owner by an owner); answers their email. */
    private String account(String role, String name) {
        var email = role + "-" + UUID.randomUUID() + "@example.com";
        if (role.equals("owner")) {
            hub.hub().people().addWithPassword(hub.defaultTenantId(), email, name, TeamRole.OWNER, PASSWORD, TeamRole.OWNER);
            return email;
        }
        var created = hub.api.withKey(TestHub.ADMIN_KEY).post("/v1/users", "{\"email\": \"" + email + "\", \"name\": \"" + name
                + "\", \"role\": \"" + role + "\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(201, created.status(), created.toString());
        return email;
    }

    private Page page(int width, int height) {
        var context = chromium.newContext(width, height);
        contexts.add(context);
        var page = context.newPage();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
        return page;
    }

    /** A fresh browser signed in with the dashboard's own form. */
    private Page signedIn(String email, int width, int height) {
        var page = page(width, height);
        page.navigate(hub.baseUrl() + "/");
        page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        return page;
    }

    private static void open(Page page, String link) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(link)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(link).setLevel(1))).isVisible();
        assertThat(page.locator("#status")).not().containsText("Loading");
    }

    /** The status of a request the page's own session makes (its cookie, and its CSRF token for changes). */
    private static int status(Page page, String method, String path) {
        return ((Number) page.evaluate("([m, p]) => fetch(p, {method: m, credentials: 'same-origin', headers: {'Content-Type': 'application/json', "
                + "'X-CSRF-Token': sessionStorage.getItem('feedbackhub.dashboard.csrf') || ''}, body: m === 'GET' ? undefined : '{}'})"
                + ".then(r => r.status)", List.of(method, path))).intValue();
    }

    private static String me(Page page, String field) {
        return (String) page.evaluate("f => fetch('/v1/me', {credentials: 'same-origin'}).then(r => r.json()).then(b => b[f])", field);
    }

    private String bootstrapAdminKeyId() {
        for (var k : hub.api.withKey(TestHub.ADMIN_KEY).get("/v1/keys").json().get("items")) {
            if (TestHub.ADMIN_KEY.startsWith(k.get("prefix").asText())) {
                return k.get("id").asText();
            }
        }
        throw new AssertionError("no bootstrap admin key listed");
    }

    private com.fasterxml.jackson.databind.JsonNode person(String email) {
        for (var p : hub.api.withKey(TestHub.ADMIN_KEY).get("/v1/users").json().get("items")) {
            if (p.get("email").asText().equals(email)) {
                return p;
            }
        }
        return null;
    }

    private String personId(String email) {
        var p = person(email);
        assertTrue(p != null, email + " is not listed");
        return p.get("id").asText();
    }
}
