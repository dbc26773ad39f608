package io.feedbackhub.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A person signs in to the dashboard in a real Chromium with a local account: no key anywhere in the page. */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInBrowserTest {
    static final String PASSWORD = "a long and unusual passphrase";
    TestHub hub;
    Chromium chromium;

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

    @Test
    void a_person_signs_in_with_email_and_password_sees_the_overview_and_signs_out() {
        var email = "viewer-" + UUID.randomUUID() + "@example.com";
        var created = hub.api.withKey(TestHub.ADMIN_KEY).post("/v1/users",
                "{\"email\": \"" + email + "\", \"name\": \"Vera\", \"role\": \"viewer\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(201, created.status(), created.toString());
        try (BrowserContext context = chromium.newContext()) {
            var page = context.newPage();
            var errors = new ArrayList<String>();
            page.onPageError(errors::add);
            page.setDefaultTimeout(15_000);
            page.navigate(hub.baseUrl() + "/");

            page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true)).fill(email);
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("not the password, sorry");
            page.keyboard().press("Enter");
            assertThat(page.locator("#account-problem")).containsText("wrong");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();
            assertThat(page.locator("#overview-cards .card").first()).isVisible();
            assertNull(page.evaluate("sessionStorage.getItem('feedbackhub.dashboard.key')"), "no key in the tab");
            var cookies = context.cookies();
            assertEquals(1, cookies.size(), cookies.toString());
            assertTrue(cookies.get(0).httpOnly && cookies.get(0).secure, "HttpOnly and Secure");
            assertEquals("", page.evaluate("document.cookie"), "the page cannot read the session cookie");

            page.reload();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview"))).isVisible();

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true))).isVisible();
            page.waitForCondition(() -> context.cookies().isEmpty());
            assertEquals(List.of(), errors, "uncaught errors in the page");
        }
    }

    @Test
    void a_hub_without_single_sign_on_offers_no_single_sign_on_button() {
        try (BrowserContext context = chromium.newContext()) {
            var page = context.newPage();
            page.setDefaultTimeout(15_000);

            var methods = page.waitForResponse(r -> r.url().endsWith("/v1/auth/methods"), () -> page.navigate(hub.baseUrl() + "/"));

            assertEquals(200, methods.status());
            assertTrue(methods.text().contains("\"oidc\":null"), methods.text());
            assertThat(page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true))).isVisible();
            assertThat(page.locator("#signin-sso")).isHidden();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("single sign-on"))).hasCount(0);
        }
    }
}
