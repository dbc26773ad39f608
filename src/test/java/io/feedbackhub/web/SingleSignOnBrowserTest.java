package io.feedbackhub.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.feedbackhub.testing.NeedsBrowser;
import io.feedbackhub.testing.OpenIdProvider;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on as a person does it, in a real Chromium: the dashboard's hub sends the browser to a real OpenID
 * provider started here (mock-oauth2-server), the person fills in its login form, and the provider's redirect brings
 * them back to the dashboard with a session. SQLite only: the refusals and both stores are signin/SingleSignOnTest's.
 */
@NeedsBrowser
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleSignOnBrowserTest {
    OpenIdProvider provider;
    TestHub hub;
    Chromium chromium;
    BrowserContext context;
    Page page;

    @BeforeAll
    void start() {
        provider = OpenIdProvider.start();
        hub = TestHub.start(StoreKind.SQLITE, provider.hubSettings("company.example"));
        chromium = Chromium.launch();
    }

    @AfterAll
    void stop() {
        chromium.close();
        hub.close();
        provider.close();
    }

    @BeforeEach
    void openBrowser() {
        context = chromium.newContext();
        page = context.newPage();
        page.setDefaultTimeout(15_000);
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    @Test
    void a_person_follows_the_single_sign_on_button_signs_in_at_the_provider_and_lands_on_the_dashboard_with_a_session() {
        var email = "ada-" + UUID.randomUUID() + "@company.example";

        page.navigate(hub.baseUrl() + "/");
        var button = page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Sign in with single sign-on"));
        button.waitFor();
        button.focus();
        page.keyboard().press("Enter");
        page.waitForURL(url -> url.startsWith(provider.issuer() + "/authorize"));
        page.locator("input[name=username]").fill("ada");
        page.locator("textarea[name=claims]").fill(OpenIdProvider.claims(email, true, "Ada Lovelace"));
        page.locator("input[type=submit]").click();
        page.waitForURL(hub.baseUrl() + "/");

        Chromium.screenshot(page, "sso-signed-in");
        var session = context.cookies(hub.baseUrl()).stream().filter(c -> c.name.equals("fh_session")).findFirst()
                .orElseThrow(() -> new AssertionError("no fh_session cookie in the browser: " + context.cookies()));
        assertTrue(session.httpOnly, "the session cookie is HttpOnly");
        assertFalse(context.cookies(hub.baseUrl() + "/v1/auth/oidc/callback").stream().anyMatch(c -> c.name.equals("fh_oidc")),
                "the pending sign-in cookie is gone once signed in");
        var me = hub.api.get("/v1/me", "Authorization", null, "Cookie", "fh_session=" + session.value);
        assertEquals(200, me.status(), me.toString());
        assertTrue(me.body().contains(email), me.body());
        assertTrue(me.body().contains("viewer"), me.body());
    }

    @Test
    void a_person_of_another_domain_sees_why_they_were_refused() {
        page.navigate(hub.baseUrl() + "/v1/auth/oidc/start");
        page.locator("input[name=username]").fill("mallory");
        page.locator("textarea[name=claims]").fill(OpenIdProvider.claims("mallory@elsewhere.example", true, "Mallory"));
        page.locator("input[type=submit]").click();
        page.waitForURL(url -> url.startsWith(hub.baseUrl() + "/v1/auth/oidc/callback"));

        assertTrue(page.content().contains("elsewhere.example may not sign in here"), page.content());
        assertTrue(context.cookies(hub.baseUrl()).stream().map(c -> c.name).noneMatch("fh_session"::equals), context.cookies().toString());
    }
}
