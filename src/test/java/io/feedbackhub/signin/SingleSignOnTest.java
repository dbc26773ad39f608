package io.feedbackhub.signin;

import io.feedbackhub.testing.Api.Response;
import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.Ids;
import io.feedbackhub.testing.OpenIdProvider;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on against a real OpenID provider the test starts (mock-oauth2-server on a loopback port): the hub's
 * start, the provider's login form submitted as a browser would, the hub's callback with the code. What a browser
 * shows on the way is web/SingleSignOnBrowserTest's; here every refusal is checked, on both stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleSignOnTest {
    static final String DOMAIN = "company.example";
    OpenIdProvider provider;
    final Map<StoreKind, TestHub> hubs = new EnumMap<>(StoreKind.class);

    @BeforeAll
    void startProvider() {
        provider = OpenIdProvider.start();
    }

    @AfterAll
    void stop() {
        hubs.values().forEach(TestHub::close);
        provider.close();
    }

    TestHub hub(StoreKind kind) {
        return hubs.computeIfAbsent(kind, k -> TestHub.start(k, provider.hubSettings(DOMAIN + ",other.example")));
    }

    @ParameterizedTest
    @EveryStore
    void the_sign_in_methods_offer_single_sign_on_and_tell_nothing_else_of_the_provider(StoreKind kind) {
        var hub = hub(kind);

        var methods = hub.api.get("/v1/auth/methods", "Authorization", null);

        assertEquals(200, methods.status(), methods.toString());
        assertEquals("{\"password\":true,\"oidc\":{\"label\":null}}", methods.body());
        var labelled = new java.util.HashMap<>(provider.hubSettings(DOMAIN));
        labelled.put(OidcSettings.LABEL, " Okta ");
        assertEquals(java.util.Optional.of("Okta"), OidcSettings.from(labelled).label());
        labelled.put(OidcSettings.LABEL, "x".repeat(61));
        var tooLong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> OidcSettings.from(labelled));
        assertTrue(tooLong.getMessage().contains(OidcSettings.LABEL), tooLong.getMessage());
    }

    @ParameterizedTest
    @EveryStore
    void a_person_of_an_allowed_domain_signs_in_as_a_viewer_and_me_knows_them(StoreKind kind) {
        var hub = hub(kind);
        var email = Ids.unique("ada") + "@" + DOMAIN;

        var started = start(hub);
        var back = provider.signIn(started.authorization(), "ada", OpenIdProvider.claims(email, true, "Ada Lovelace"));
        var signedIn = callback(hub, back, started.pendingCookie());

        assertEquals(302, signedIn.status(), signedIn.toString());
        assertEquals("/", signedIn.header("Location"));
        var session = cookie(signedIn, "fh_session").orElseThrow(() -> new AssertionError("no session cookie: " + signedIn.headers()));
        var me = hub.api.get("/v1/me", "Authorization", null, "Cookie", "fh_session=" + session);
        assertEquals(200, me.status(), me.toString());
        assertTrue(me.body().contains(email), me.body());
        assertTrue(me.body().contains("Ada Lovelace"), me.body());
        assertTrue(me.body().contains("viewer"), me.body());
    }

    @ParameterizedTest
    @EveryStore
    void a_second_sign_in_finds_the_same_person(StoreKind kind) {
        var hub = hub(kind);
        var email = Ids.unique("grace") + "@" + DOMAIN;
        var first = me(hub, signInFully(hub, email));

        var second = me(hub, signInFully(hub, email));

        assertEquals(first.json().findValue("id"), second.json().findValue("id"), second.body());
    }

    @ParameterizedTest
    @EveryStore
    void an_email_of_another_domain_is_refused_and_opens_no_session(StoreKind kind) {
        var hub = hub(kind);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "mallory", OpenIdProvider.claims("mallory@elsewhere.example", true, "Mallory"));

        var refused = callback(hub, back, started.pendingCookie());

        assertEquals(403, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.json().get("detail").asText().contains("elsewhere.example may not sign in here"), refused.body());
        assertEquals(Optional.empty(), cookie(refused, "fh_session"));
    }

    @Test
    void a_subdomain_of_an_allowed_domain_is_another_domain() {
        var hub = hub(StoreKind.SQLITE);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "eve", OpenIdProvider.claims("eve@evil." + DOMAIN, true, "Eve"));

        var refused = callback(hub, back, started.pendingCookie());

        assertEquals(403, refused.status(), refused.toString());
        assertEquals(Optional.empty(), cookie(refused, "fh_session"));
    }

    @Test
    void an_email_the_provider_has_not_verified_is_refused() {
        var hub = hub(StoreKind.SQLITE);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "bob", OpenIdProvider.claims("bob@" + DOMAIN, false, "Bob"));

        var refused = callback(hub, back, started.pendingCookie());

        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.json().get("detail").asText().contains("not verified"), refused.body());
        assertEquals(Optional.empty(), cookie(refused, "fh_session"));
    }

    @ParameterizedTest
    @EveryStore
    void a_tampered_state_is_refused(StoreKind kind) {
        var hub = hub(kind);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "ada", OpenIdProvider.claims("ada@" + DOMAIN, true, "Ada"));
        var tampered = URI.create(back.toString().replaceFirst("state=[^&]+", "state=chosen-by-an-attacker"));

        var refused = callback(hub, tampered, started.pendingCookie());

        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().get("detail").asText().contains("state"), refused.body());
        assertEquals(Optional.empty(), cookie(refused, "fh_session"));
    }

    @Test
    void a_forged_pending_cookie_is_refused() {
        var hub = hub(StoreKind.SQLITE);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "ada", OpenIdProvider.claims("ada@" + DOMAIN, true, "Ada"));
        var parts = started.pendingCookie().split("\\.");
        var forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        var refused = callback(hub, back, forged);

        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().get("detail").asText().contains("no sign-in is under way"), refused.body());
    }

    @ParameterizedTest
    @EveryStore
    void a_replayed_callback_is_refused(StoreKind kind) {
        var hub = hub(kind);
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "ada", OpenIdProvider.claims(Ids.unique("ada") + "@" + DOMAIN, true, "Ada"));
        assertEquals(302, callback(hub, back, started.pendingCookie()).status());

        var replayed = callback(hub, back, started.pendingCookie());

        assertEquals(400, replayed.status(), replayed.toString());
        assertEquals(Optional.empty(), cookie(replayed, "fh_session"));
    }

    /** A used code, brought back under a fresh sign-in's state and cookie (past this node's replay guard). */
    @Test
    void a_used_code_is_refused_under_a_new_sign_in() {
        var hub = hub(StoreKind.SQLITE);
        var first = start(hub);
        var back = provider.signIn(first.authorization(), "ada", OpenIdProvider.claims(Ids.unique("ada") + "@" + DOMAIN, true, "Ada"));
        assertEquals(302, callback(hub, back, first.pendingCookie()).status());
        var second = start(hub);
        var code = query(back, "code");
        var secondState = query(second.authorization(), "state");

        var replayed = callback(hub, URI.create(back.getPath() + "?code=" + code + "&state=" + secondState), second.pendingCookie());

        // a provider that keeps codes single-use refuses the exchange (400); this one answers again, with an ID token
        // that does not carry the new sign-in's nonce, which the hub refuses (401): either way, no session
        assertTrue(replayed.status() == 400 || replayed.status() == 401, replayed.toString());
        assertEquals("application/problem+json", replayed.header("Content-Type"));
        assertEquals(Optional.empty(), cookie(replayed, "fh_session"));
    }

    @Test
    void a_sign_in_the_provider_denied_is_refused_with_its_reason() {
        var hub = hub(StoreKind.SQLITE);
        var started = start(hub);
        var state = query(started.authorization(), "state");

        var denied = callback(hub, URI.create("/v1/auth/oidc/callback?error=access_denied&error_description=User%20cancelled&state=" + state),
                started.pendingCookie());

        assertEquals(403, denied.status(), denied.toString());
        assertTrue(denied.json().get("detail").asText().contains("access_denied (User cancelled)"), denied.body());
    }

    @Test
    void the_start_asks_for_a_code_with_pkce_s256_a_state_and_a_nonce() {
        var started = start(hub(StoreKind.SQLITE));

        var url = started.authorization().toString();
        assertTrue(url.startsWith(provider.issuer() + "/authorize?"), url);
        assertEquals("code", query(started.authorization(), "response_type"));
        assertEquals("S256", query(started.authorization(), "code_challenge_method"));
        assertEquals(OpenIdProvider.CLIENT_ID, query(started.authorization(), "client_id"));
        assertTrue(query(started.authorization(), "code_challenge").length() >= 43, url);
        assertTrue(query(started.authorization(), "state").length() >= 20, url);
        assertTrue(query(started.authorization(), "nonce").length() >= 20, url);
    }

    @Test
    void without_an_issuer_single_sign_on_is_not_found() {
        try (var plain = TestHub.start(StoreKind.SQLITE)) {
            var answer = plain.api.get("/v1/auth/oidc/start", "Authorization", null);

            assertEquals(404, answer.status(), answer.toString());
            assertTrue(answer.json().get("detail").asText().contains("FEEDBACK_HUB_OIDC_ISSUER"), answer.body());
        }
    }

    // ---------------------------------------------------------------- helpers

    record Started(URI authorization, String pendingCookie) {
    }

    Started start(TestHub hub) {
        var answer = hub.api.get("/v1/auth/oidc/start", "Authorization", null);
        assertEquals(302, answer.status(), answer.toString());
        var cookie = cookie(answer, "fh_oidc").orElseThrow(() -> new AssertionError("no fh_oidc cookie: " + answer.headers()));
        return new Started(URI.create(answer.header("Location")), cookie);
    }

    Response callback(TestHub hub, URI back, String pendingCookie) {
        return hub.api.get(back.getRawPath() + "?" + back.getRawQuery(), "Authorization", null, "Cookie", "fh_oidc=" + pendingCookie);
    }

    String signInFully(TestHub hub, String email) {
        var started = start(hub);
        var back = provider.signIn(started.authorization(), "someone", OpenIdProvider.claims(email, true, "Someone"));
        var signedIn = callback(hub, back, started.pendingCookie());
        assertEquals(302, signedIn.status(), signedIn.toString());
        return cookie(signedIn, "fh_session").orElseThrow();
    }

    static Response me(TestHub hub, String session) {
        var me = hub.api.get("/v1/me", "Authorization", null, "Cookie", "fh_session=" + session);
        assertEquals(200, me.status(), me.toString());
        return me;
    }

    /** The value a Set-Cookie of the answer gives {@code name}; empty when it sets none (or clears it). */
    static Optional<String> cookie(Response answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .reduce((a, b) -> b);
    }

    static String query(URI uri, String name) {
        for (var pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " is not in " + uri);
    }
}
