package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** People, sign-in, sessions and invitations through the native API, on both stores. */
@HubTest
class PeopleApiTest {
    static final String PASSWORD = "a long and unusual passphrase";

    @Parameter
    TestHub hub;
    Api admin;

    @BeforeParameterizedClassInvocation
    void start() {
        admin = hub.api.withKey(TestHub.ADMIN_KEY);
    }

    @Test
    void a_local_account_signs_in_with_a_secure_cookie_and_reads_who_it_is() {
        var email = anEmail();
        assertEquals(201, admin.post("/v1/users", user(email, "editor", PASSWORD)).status());

        var login = hub.api.post("/v1/auth/login", "{\"email\": \"" + email.toUpperCase() + "\", \"password\": \"" + PASSWORD + "\"}", "no-auth", "1");

        assertEquals(200, login.status(), login.toString());
        var cookie = login.header("Set-Cookie");
        assertTrue(cookie.startsWith("fh_session=fh_s_"), cookie);
        for (var attribute : new String[]{"Path=/", "Secure", "HttpOnly", "SameSite=Lax"}) {
            assertTrue(cookie.contains(attribute), cookie);
        }
        var session = new SignedInSession(cookie.substring("fh_session=".length(), cookie.indexOf(';')), login.json().get("csrf_token").asText(), null);
        var me = hub.api.get("/v1/me", session.headers());
        assertEquals(200, me.status(), me.toString());
        assertEquals(email, me.json().get("user").get("email").asText());
        assertEquals("editor", me.json().get("role").asText());
        assertEquals(hub.defaultTenantId(), me.json().get("tenant").get("id").asText());
        assertEquals(session.csrfToken(), me.json().get("csrf_token").asText());
    }

    @Test
    void a_wrong_password_and_an_unknown_email_get_the_same_answer() {
        var email = anEmail();
        admin.post("/v1/users", user(email, "viewer", PASSWORD));

        var wrong = hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"not the password at all\"}", "no-auth", "1");
        var unknown = hub.api.post("/v1/auth/login", "{\"email\": \"" + anEmail() + "\", \"password\": \"not the password at all\"}", "no-auth", "1");

        assertEquals(401, wrong.status());
        assertEquals(wrong.json().get("detail"), unknown.json().get("detail"));
        assertEquals(401, unknown.status());
    }

    @Test
    void a_change_made_with_the_cookie_alone_is_refused_until_it_carries_the_csrf_token() {
        var editor = hub.signIn(TeamRole.EDITOR);
        var body = "{\"message_id\": \"m-" + UUID.randomUUID() + "\", \"label\": \"thumbs_up\"}";

        var forged = hub.api.post("/v1/feedback", body, editor.cookieOnly());
        var fromThePage = hub.api.post("/v1/feedback", body, editor.headers());

        assertEquals(403, forged.status(), forged.toString());
        assertTrue(forged.json().get("detail").asText().contains("X-CSRF-Token"));
        assertEquals(201, fromThePage.status(), fromThePage.toString());
        assertEquals(200, hub.api.get("/v1/stats", editor.cookieOnly()).status(), "a read needs no CSRF token");
    }

    @Test
    void a_viewer_reads_stats_and_the_feed_but_writes_nothing_and_mints_no_keys() {
        var viewer = hub.signIn(TeamRole.VIEWER);

        assertEquals(200, hub.api.get("/v1/stats", viewer.headers()).status());
        assertEquals(200, hub.api.get("/v1/feedback?limit=5", viewer.headers()).status());
        assertEquals(403, hub.api.post("/v1/feedback", "{\"message_id\": \"m-1\", \"label\": \"thumbs_up\"}", viewer.headers()).status());
        assertEquals(403, hub.api.post("/v1/authors/a-1/purge", null, viewer.headers()).status());
        var key = hub.api.post("/v1/keys", "{\"role\": \"secret\"}", viewer.headers());
        assertEquals(403, key.status());
        assertTrue(key.json().get("detail").asText().contains("you are viewer"), key.toString());
    }

    @Test
    void signing_out_ends_the_session() {
        var viewer = hub.signIn(TeamRole.VIEWER);

        var out = hub.api.post("/v1/auth/logout", null, viewer.headers());

        assertEquals(204, out.status(), out.toString());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"));
        assertEquals(401, hub.api.get("/v1/me", viewer.headers()).status());
    }

    @Test
    void an_invitation_link_makes_a_signed_in_person_once() {
        var email = anEmail();
        var invited = admin.post("/v1/users", "{\"email\": \"" + email + "\", \"role\": \"viewer\"}");
        assertEquals(201, invited.status(), invited.toString());
        var token = invited.json().get("invitation").get("token").asText();
        assertTrue(invited.json().get("invitation").get("link").asText().endsWith("/#invitation=" + token));

        var accepted = hub.api.post("/v1/invitations/" + token + "/accept", "{\"name\": \"Grace\", \"password\": \"" + PASSWORD + "\"}", "no-auth", "1");

        assertEquals(201, accepted.status(), accepted.toString());
        assertEquals("Grace", accepted.json().get("user").get("name").asText());
        assertEquals("viewer", accepted.json().get("user").get("role").asText());
        assertTrue(accepted.header("Set-Cookie").startsWith("fh_session="));
        assertEquals(404, hub.api.post("/v1/invitations/" + token + "/accept", "{\"password\": \"" + PASSWORD + "\"}", "no-auth", "1").status());
        assertEquals(200, hub.api.post("/v1/auth/login", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}", "no-auth", "1").status());
    }

    @Test
    void pending_invitations_are_listed_without_their_links_until_accepted() {
        var first = anEmail();
        var second = anEmail();
        var token = admin.post("/v1/invitations", "{\"email\": \"" + first + "\", \"role\": \"editor\"}").json()
                .get("invitation").get("token").asText();
        assertEquals(201, admin.post("/v1/users", "{\"email\": \"" + second + "\", \"role\": \"viewer\"}").status());

        var before = admin.get("/v1/invitations");
        var accepted = hub.api.post("/v1/invitations/" + token + "/accept", "{\"password\": \"" + PASSWORD + "\"}", "no-auth", "1");
        var after = admin.get("/v1/invitations");

        assertEquals(200, before.status(), before.toString());
        var listed = pending(before, first);
        assertEquals("editor", listed.get("role").asText());
        var adminKeyId = java.util.stream.StreamSupport.stream(admin.get("/v1/keys").json().get("items").spliterator(), false)
                .filter(k -> TestHub.ADMIN_KEY.startsWith(k.get("prefix").asText())).findFirst().orElseThrow().get("id").asText();
        assertEquals(adminKeyId, listed.get("invited_by").asText());
        assertTrue(java.time.Instant.parse(listed.get("expires_at").asText()).isAfter(java.time.Instant.parse(listed.get("created_at").asText())));
        assertEquals("viewer", pending(before, second).get("role").asText());
        assertFalse(before.body().contains(token), "the link is not kept, so it is not listed");
        assertFalse(before.body().contains("\"token\""), before.body());
        assertEquals(201, accepted.status(), accepted.toString());
        assertFalse(after.body().contains(first), "an accepted invitation is no longer pending");
        assertEquals("viewer", pending(after, second).get("role").asText());
        assertEquals(403, hub.api.get("/v1/invitations", hub.signIn(TeamRole.EDITOR).headers()).status());
    }

    private static com.fasterxml.jackson.databind.JsonNode pending(Api.Response list, String email) {
        for (var i : list.json().get("items")) {
            if (email.equals(i.get("email").asText())) {
                return i;
            }
        }
        throw new AssertionError(email + " is not pending in " + list.body());
    }

    @Test
    void the_first_start_offers_one_owner_invitation_whose_owner_names_their_email() {
        var invitation = hub.hub().ownerInvitation().orElseThrow();
        var email = anEmail();

        var accepted = hub.api.post("/v1/invitations/" + invitation.token() + "/accept",
                "{\"email\": \"" + email + "\", \"name\": \"First\", \"password\": \"" + PASSWORD + "\"}", "no-auth", "1");

        assertEquals(201, accepted.status(), accepted.toString());
        assertEquals("owner", accepted.json().get("user").get("role").asText());
        assertEquals(email, accepted.json().get("user").get("email").asText());
    }

    @Test
    void removing_a_person_ends_their_sessions_at_once() {
        var editor = hub.signIn(TeamRole.EDITOR);
        assertEquals(200, hub.api.get("/v1/me", editor.headers()).status());

        var removed = admin.delete("/v1/users/" + editor.personId());

        assertEquals(204, removed.status(), removed.toString());
        assertEquals(401, hub.api.get("/v1/me", editor.headers()).status());
        assertFalse(admin.get("/v1/users").body().contains(editor.personId()));
    }

    @Test
    void an_admin_changes_roles_but_makes_no_owner_and_the_last_owner_stays() {
        var viewer = hub.signIn(TeamRole.VIEWER);
        var anAdmin = hub.signIn(TeamRole.ADMIN);

        var promoted = hub.api.patch("/v1/users/" + viewer.personId(), "{\"role\": \"editor\"}", anAdmin.headers());
        var toOwner = hub.api.patch("/v1/users/" + viewer.personId(), "{\"role\": \"owner\"}", anAdmin.headers());

        assertEquals(200, promoted.status(), promoted.toString());
        assertEquals("editor", hub.api.get("/v1/me", viewer.headers()).json().get("role").asText(), "the new role acts at once");
        assertEquals(422, toOwner.status(), toOwner.toString());
    }

    @Test
    void a_tenants_last_owner_can_be_neither_removed_nor_demoted() {
        var tenant = hub.hub().keys().createTenant("alone-" + UUID.randomUUID());
        var person = hub.hub().people().findOrInviteByEmail(tenant.id(), anEmail(), "Only", TeamRole.OWNER);
        var owner = SignedInSession.of(hub.hub().sessions().open(person, "test"));

        var removed = hub.api.delete("/v1/users/" + person.id(), owner.headers());
        var demoted = hub.api.patch("/v1/users/" + person.id(), "{\"role\": \"admin\"}", owner.headers());

        assertEquals(422, removed.status(), removed.toString());
        assertTrue(removed.body().contains("last owner"), removed.body());
        assertEquals(422, demoted.status(), demoted.toString());
        assertEquals("owner", hub.api.get("/v1/me", owner.headers()).json().get("role").asText());
    }

    @Test
    void a_short_or_common_password_is_refused_and_nothing_is_added() {
        var email = anEmail();

        var tooShort = admin.post("/v1/users", user(email, "viewer", "short"));
        var common = admin.post("/v1/users", user(email, "viewer", "Password1234"));

        assertEquals(422, tooShort.status(), tooShort.toString());
        assertTrue(tooShort.body().contains("12-128 characters"), tooShort.body());
        assertEquals(422, common.status(), common.toString());
        assertFalse(admin.get("/v1/users").body().contains(email));
    }

    @Test
    void an_api_key_reads_me_as_its_role_on_the_people_scale() {
        var me = hub.api.get("/v1/me");

        assertEquals(200, me.status(), me.toString());
        assertTrue(me.json().get("user").isNull());
        assertEquals("editor", me.json().get("role").asText());
        assertEquals("admin", admin.get("/v1/me").json().get("role").asText());
    }

    static String anEmail() {
        return "p-" + UUID.randomUUID() + "@example.com";
    }

    static String user(String email, String role, String password) {
        return "{\"email\": \"" + email + "\", \"name\": \"Ada\", \"role\": \"" + role + "\", \"password\": \"" + password + "\"}";
    }
}
