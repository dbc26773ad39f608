package io.feedbackhub.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.feedbackhub.web.PageChecks.assertFitsAPhone;
import static io.feedbackhub.web.PageChecks.navigateByKeyboard;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** account.js in a real Chromium: the project settings and your own account, by keyboard and on a 390 px phone. */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountBrowserTest {
    static final String PASSWORD = "a long and unusual passphrase";
    static final String NEW_PASSWORD = "another long and unusual passphrase";
    TestHub hub;
    Chromium chromium;
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

    @AfterEach
    void noPageErrors() {
        assertEquals(List.of(), pageErrors, "uncaught errors in the page");
        pageErrors.clear();
    }

    String anAccount(String role) {
        var email = role + "-" + UUID.randomUUID() + "@example.com";
        var created = hub.api.withKey(TestHub.ADMIN_KEY).post("/v1/users",
                "{\"email\": \"" + email + "\", \"name\": \"Ada\", \"role\": \"" + role + "\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(201, created.status(), created.toString());
        return email;
    }

    /** Signs in through the page's form with the keyboard alone. */
    Page signIn(BrowserContext context, String email, String password) {
        var page = context.newPage();
        page.onPageError(pageErrors::add);
        page.setDefaultTimeout(15_000);
        page.navigate(hub.baseUrl() + "/");
        // the page focuses the email field once it knows nobody is signed in: typing before that would lose keys
        assertThat(page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true))).isFocused();
        page.keyboard().type(email);
        page.keyboard().press("Tab");
        page.keyboard().type(password);
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
        return page;
    }

    @Test
    void an_admin_changes_the_settings_by_keyboard_and_a_viewer_reads_them_only() {
        var adminEmail = anAccount("admin");
        var viewerEmail = anAccount("viewer");
        try (var context = chromium.newContext()) {
            var page = signIn(context, adminEmail, PASSWORD);
            navigateByKeyboard(page, "Settings", "Settings");
            assertThat(page.getByText("Kept until deleted")).isVisible();

            page.getByLabel("Comments and corrections for viewers").selectOption("hidden");
            page.getByLabel("Time zone").focus();
            page.keyboard().press("Control+A");
            page.keyboard().type("Mars/Olympus_Mons");
            page.keyboard().press("Enter");
            assertThat(page.locator("#settings-problem")).containsText("IANA");
            assertEquals("UTC", hub.api.get("/v1/settings").json().get("time_zone").asText(), "a refused change writes nothing");
            page.getByLabel("Time zone").focus();
            page.keyboard().press("Control+A");
            page.keyboard().type("Asia/Tokyo");
            page.keyboard().press("Enter");

            assertThat(page.locator("#settings-status")).containsText("Settings saved");
            var saved = hub.api.get("/v1/settings").json();
            assertEquals("Asia/Tokyo", saved.get("time_zone").asText());
            assertEquals("hidden", saved.get("viewer_comments").asText());
            Chromium.screenshot(page, "settings-admin");
        }
        try (var context = chromium.newContext()) {
            var page = signIn(context, viewerEmail, PASSWORD);
            navigateByKeyboard(page, "Settings", "Settings");

            assertThat(page.getByLabel("Time zone")).hasValue("Asia/Tokyo");
            assertThat(page.getByLabel("Time zone")).isDisabled();
            assertThat(page.getByLabel("Comments and corrections for viewers")).isDisabled();
            assertThat(page.locator("#settings-read-only")).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings"))).hasCount(0);
        }
        assertEquals(200, hub.api.withKey(TestHub.ADMIN_KEY).patch("/v1/settings", "{\"time_zone\": null, \"viewer_comments\": \"shown\"}").status());
    }

    @Test
    void a_person_ends_another_session_and_changes_their_password_by_keyboard() {
        var email = anAccount("editor");
        var other = hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}",
                "no-auth", "1", "User-Agent", "The phone in the drawer");
        var otherCookie = other.header("Set-Cookie").substring(0, other.header("Set-Cookie").indexOf(';'));
        try (var context = chromium.newContext()) {
            var page = signIn(context, email, PASSWORD);
            navigateByKeyboard(page, "Your account", "Your account");
            var sessions = page.locator("#account-sessions li");
            assertThat(sessions).hasCount(2);
            assertThat(page.locator(".account-session.current .account-session-current")).hasText("This browser");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("End the session of The phone in the drawer")).focus();
            page.keyboard().press("Enter");

            assertThat(sessions).hasCount(1);
            assertThat(page.locator("#account-sessions-status")).containsText("Session ended");
            assertEquals(401, hub.api.get("/v1/me", "no-auth", "1", "Cookie", otherCookie).status(), "the phone's session has ended");

            page.getByLabel("Current password").focus();
            page.keyboard().type(PASSWORD);
            page.keyboard().press("Tab");
            page.keyboard().type(NEW_PASSWORD);
            page.keyboard().press("Tab");
            page.keyboard().type(NEW_PASSWORD);
            page.keyboard().press("Enter");

            assertThat(page.locator("#account-password-status")).containsText("Password changed");
            assertEquals(200, hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + NEW_PASSWORD + "\"}",
                    "no-auth", "1").status());
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your account"))).isVisible();
            Chromium.screenshot(page, "account");
        }
    }

    @Test
    void both_pages_fit_a_390_px_phone() {
        var email = anAccount("admin");
        try (var phone = chromium.newContext(390, 844)) {
            var page = signIn(phone, email, PASSWORD);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings").setExact(true)).click();
            assertThat(page.getByLabel("Time zone")).isVisible();
            assertFitsAPhone(page, "Settings");
            Chromium.screenshot(page, "phone-settings", true);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Your account").setExact(true)).click();
            assertThat(page.locator("#account-sessions li").first()).isVisible();
            assertFitsAPhone(page, "Your account");
            Chromium.screenshot(page, "phone-account", true);
        }
    }

}
