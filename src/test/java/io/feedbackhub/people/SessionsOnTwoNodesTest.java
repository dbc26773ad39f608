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
}
