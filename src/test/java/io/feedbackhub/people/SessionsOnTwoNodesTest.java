package io.feedbackhub.people;

import io.feedbackhub.testing.ChildHub;
import io.feedbackhub.testing.NeedsPostgres;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two nodes on one PostgreSQL database: a session opened on one works on both, and removing its person ends it on both at once. */
@NeedsPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsOnTwoNodesTest {
    TestHub hub;
    ChildHub second;

    @BeforeAll
    void start() throws Exception {
        hub = TestHub.start(StoreKind.POSTGRES);
        second = ChildHub.start(hub.environment(Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        second.close();
        hub.close();
    }

    @Test
    void removing_a_person_on_one_node_ends_their_session_on_both() {
        var email = PeopleApiTest.anEmail();
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var created = admin.post("/v1/users", PeopleApiTest.user(email, "editor", PeopleApiTest.PASSWORD));
        assertEquals(201, created.status(), created.toString());
        var onSecond = second.api(null);
        var login = onSecond.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PeopleApiTest.PASSWORD + "\"}", "no-auth", "1");
        assertEquals(200, login.status(), login.toString());
        var cookie = login.header("Set-Cookie");
        var session = new SignedInSession(cookie.substring("fh_session=".length(), cookie.indexOf(';')), login.json().get("csrf_token").asText(), null);
        assertEquals(200, hub.api.get("/v1/me", session.headers()).status(), "a session of the second node works on the first");
        assertEquals(200, onSecond.get("/v1/me", session.headers()).status());

        var removed = admin.delete("/v1/users/" + created.json().get("id").asText());

        assertEquals(204, removed.status(), removed.toString());
        assertEquals(401, onSecond.get("/v1/me", session.headers()).status());
        assertEquals(401, hub.api.get("/v1/me", session.headers()).status());
    }

    @Test
    void ending_one_of_your_sessions_on_one_node_stops_it_on_the_other() {
        var email = PeopleApiTest.anEmail();
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        assertEquals(201, admin.post("/v1/users", PeopleApiTest.user(email, "viewer", PeopleApiTest.PASSWORD)).status());
        var onSecond = second.api(null);
        var desk = signIn(onSecond, email);
        var phone = signIn(onSecond, email);
        String phoneId = null;
        for (var item : hub.api.get("/v1/me/sessions", phone.headers()).json().get("items")) {
            if (item.get("current").asBoolean()) {
                phoneId = item.get("id").asText();
            }
        }
        assertEquals(200, onSecond.get("/v1/me", phone.headers()).status());

        var ended = hub.api.delete("/v1/me/sessions/" + phoneId, desk.headers());

        assertEquals(204, ended.status(), ended.toString());
        assertEquals(401, onSecond.get("/v1/me", phone.headers()).status(), "ended on the first node, refused by the second at once");
        assertEquals(200, onSecond.get("/v1/me", desk.headers()).status());
    }

    @Test
    void a_settings_change_on_one_node_hides_comments_from_a_viewer_of_the_other_within_a_second() throws InterruptedException {
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var written = hub.api.post("/v1/feedback", "{\"message_id\": \"m-" + java.util.UUID.randomUUID()
                + "\", \"label\": \"thumbs_down\", \"comment\": \"the second node must not show this\"}");
        assertEquals(201, written.status(), written.toString());
        var path = "/v1/feedback/" + written.json().get("id").asText();
        var viewer = hub.signIn(io.feedbackhub.auth.TeamRole.VIEWER);
        var onSecond = second.api(null);
        assertEquals("the second node must not show this", onSecond.get(path, viewer.headers()).json().get("comment").asText());

        assertEquals(200, admin.patch("/v1/settings", "{\"viewer_comments\": \"hidden\"}").status());

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(1).toNanos();
        var seen = onSecond.get(path, viewer.headers()).json();
        while (!seen.get("comment").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = onSecond.get(path, viewer.headers()).json();
        }
        assertEquals(true, seen.get("comment").isNull(), seen.toString());
        assertEquals(200, admin.patch("/v1/settings", "{\"viewer_comments\": \"shown\"}").status());
    }

    private SignedInSession signIn(io.feedbackhub.testing.Api node, String email) {
        var login = node.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PeopleApiTest.PASSWORD + "\"}", "no-auth", "1");
        assertEquals(200, login.status(), login.toString());
        var cookie = login.header("Set-Cookie");
        return new SignedInSession(cookie.substring("fh_session=".length(), cookie.indexOf(';')), login.json().get("csrf_token").asText(), null);
    }
}
