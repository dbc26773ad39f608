package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;

import static io.feedbackhub.people.PeopleApiTest.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Your own account through the native API, on both stores: your password, your sessions, ending one of them. */
@HubTest
class OwnAccountTest {
    static final String NEW_PASSWORD = "another long and unusual passphrase";

    @Parameter
    TestHub hub;
    Api admin;

    @BeforeParameterizedClassInvocation
    void start() {
        admin = hub.api.withKey(TestHub.ADMIN_KEY);
    }

    /** A new editor with a local password. */
    String anAccount() {
        var email = PeopleApiTest.anEmail();
        assertEquals(201, admin.post("/v1/users", PeopleApiTest.user(email, "editor", PASSWORD)).status());
        return email;
    }

    /** Signs in as a browser with this User-Agent would. */
    SignedInSession signIn(String email, String password, String userAgent) {
        var login = hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}",
                "no-auth", "1", "User-Agent", userAgent);
        assertEquals(200, login.status(), login.toString());
        var cookie = login.header("Set-Cookie");
        return new SignedInSession(cookie.substring("fh_session=".length(), cookie.indexOf(';')), login.json().get("csrf_token").asText(),
                login.json().get("user").get("id").asText());
    }

    int login(String email, String password) {
        return hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}", "no-auth", "1").status();
    }

    String passwordChange(String current, String next) {
        return "{\"current_password\": \"" + current + "\", \"new_password\": \"" + next + "\"}";
    }

    @Test
    void changing_your_password_keeps_this_session_and_ends_your_others() {
        var email = anAccount();
        var here = signIn(email, PASSWORD, "Firefox on the desk");
        var elsewhere = signIn(email, PASSWORD, "Safari on the phone");

        var changed = hub.api.post("/v1/me/password", passwordChange(PASSWORD, NEW_PASSWORD), here.headers());

        assertEquals(204, changed.status(), changed.toString());
        assertEquals(200, hub.api.get("/v1/me", here.headers()).status(), "the session it was changed from goes on");
        assertEquals(401, hub.api.get("/v1/me", elsewhere.headers()).status(), "every other session ends");
        assertEquals(401, login(email, PASSWORD));
        assertEquals(200, login(email, NEW_PASSWORD));
    }

    @Test
    void a_wrong_current_password_a_weak_new_one_or_a_key_changes_nothing() {
        var email = anAccount();
        var here = signIn(email, PASSWORD, "Firefox");
        var elsewhere = signIn(email, PASSWORD, "Safari");

        var refused = new ArrayList<Api.Response>();
        refused.add(hub.api.post("/v1/me/password", passwordChange("not the password at all", NEW_PASSWORD), here.headers()));
        refused.add(hub.api.post("/v1/me/password", passwordChange(PASSWORD, "short"), here.headers()));
        refused.add(hub.api.post("/v1/me/password", passwordChange(PASSWORD, "aaaaaaaaaaaaaaaa"), here.headers()));
        refused.add(hub.api.post("/v1/me/password", "{\"current_password\": \"" + PASSWORD + "\", \"new_password\": \"" + NEW_PASSWORD
                + "\", \"email\": \"x@example.com\"}", here.headers()));
        refused.add(hub.api.post("/v1/me/password", "{\"new_password\": \"" + NEW_PASSWORD + "\"}", here.headers()));
        refused.add(admin.post("/v1/me/password", passwordChange(PASSWORD, NEW_PASSWORD)));

        for (var answer : refused) {
            assertEquals(422, answer.status(), answer.toString());
            assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.toString());
        }
        assertEquals("current_password", refused.get(0).json().get("errors").get(0).get("field").asText());
        assertEquals("new_password", refused.get(1).json().get("errors").get(0).get("field").asText());
        assertEquals(403, hub.api.post("/v1/me/password", passwordChange(PASSWORD, NEW_PASSWORD), here.cookieOnly()).status(),
                "no CSRF token, no change");
        assertEquals(200, login(email, PASSWORD), "the password is unchanged");
        assertEquals(200, hub.api.get("/v1/me", elsewhere.headers()).status(), "no session ended");
    }

    @Test
    void your_sessions_show_when_and_from_which_browser_each_was_opened_and_which_is_this_one() {
        var email = anAccount();
        var here = signIn(email, PASSWORD, "Firefox on the desk");
        signIn(email, PASSWORD, "Safari on the phone");
        var someoneElse = hub.signIn(TeamRole.EDITOR);

        var listed = hub.api.get("/v1/me/sessions", here.headers());

        assertEquals(200, listed.status(), listed.toString());
        var items = listed.json().get("items");
        assertEquals(2, items.size(), items.toString());
        var agents = new ArrayList<String>();
        int current = 0;
        for (var item : items) {
            agents.add(item.get("user_agent").asText());
            assertFalse(item.get("address").asText().isBlank(), item.toString());
            assertTrue(item.get("created_at").asText().endsWith("Z"), item.toString());
            assertTrue(item.get("expires_at").asText().compareTo(item.get("created_at").asText()) > 0, item.toString());
            if (item.get("current").asBoolean()) {
                current++;
                assertEquals("Firefox on the desk", item.get("user_agent").asText());
            }
        }
        assertEquals(1, current);
        assertTrue(agents.contains("Safari on the phone"), agents.toString());
        assertFalse(listed.body().contains(someoneElse.cookie()), "no token is ever listed");
        assertEquals(422, admin.get("/v1/me/sessions").status(), "an API key has no sessions");
    }

    @Test
    void ending_one_of_your_sessions_stops_it_and_someone_elses_is_not_found() {
        var email = anAccount();
        var here = signIn(email, PASSWORD, "Firefox");
        var phone = signIn(email, PASSWORD, "Safari");
        var someoneElse = hub.signIn(TeamRole.EDITOR);
        var phoneId = idOf(phone);
        var theirs = idOf(someoneElse);

        var ended = hub.api.delete("/v1/me/sessions/" + phoneId, here.headers());

        assertEquals(204, ended.status(), ended.toString());
        assertEquals(401, hub.api.get("/v1/me", phone.headers()).status());
        assertEquals(1, hub.api.get("/v1/me/sessions", here.headers()).json().get("items").size());
        assertEquals(404, hub.api.delete("/v1/me/sessions/" + theirs, here.headers()).status(), "not yours: not found");
        assertEquals(200, hub.api.get("/v1/me", someoneElse.headers()).status(), "and it goes on");
        assertEquals(404, hub.api.delete("/v1/me/sessions/" + phoneId, here.headers()).status(), "ended already");
        assertEquals(404, hub.api.delete("/v1/me/sessions/no-such-session", here.headers()).status());
        assertEquals(403, hub.api.delete("/v1/me/sessions/" + idOf(here), here.cookieOnly()).status(), "no CSRF token, no change");
        var signedOut = hub.api.delete("/v1/me/sessions/" + idOf(here), here.headers());
        assertEquals(204, signedOut.status());
        assertTrue(signedOut.header("Set-Cookie").contains("Max-Age=0"), "ending this session signs out");
        assertEquals(401, hub.api.get("/v1/me", here.headers()).status());
    }

    String idOf(SignedInSession session) {
        for (var item : hub.api.get("/v1/me/sessions", session.headers()).json().get("items")) {
            if (item.get("current").asBoolean()) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no current session listed");
    }
}
