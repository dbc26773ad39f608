package io.feedbackhub.people;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hourly sweep, run at chosen instants on both stores: spent sessions and invitations go, live ones stay. */
@HubTest
class SpentRowsSweepTest {
    @Parameter
    TestHub hub;

    @Test
    void only_ended_sessions_and_used_or_expired_invitations_are_deleted() {
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var live = hub.signIn(TeamRole.VIEWER);
        var signedOut = hub.signIn(TeamRole.VIEWER);
        assertEquals(204, hub.api.post("/v1/auth/logout", null, signedOut.headers()).status());
        var open = admin.post("/v1/invitations", "{\"email\": \"" + PeopleApiTest.anEmail() + "\", \"role\": \"viewer\"}")
                .json().get("invitation").get("token").asText();
        var used = admin.post("/v1/invitations", "{\"email\": \"" + PeopleApiTest.anEmail() + "\", \"role\": \"viewer\"}")
                .json().get("invitation").get("token").asText();
        var accepted = hub.api.post("/v1/invitations/" + used + "/accept", "{\"password\": \"" + PeopleApiTest.PASSWORD + "\"}", "no-auth", "1");
        assertEquals(201, accepted.status(), accepted.toString());

        hub.hub().spentRows().sweep(Instant.now());

        assertEquals(1, sessionRows(live));
        assertEquals(0, sessionRows(signedOut));
        assertEquals(1, invitationRows(open));
        assertEquals(0, invitationRows(used));
        assertEquals(200, hub.api.get("/v1/me", live.headers()).status(), "a live session works after the sweep");

        hub.hub().spentRows().sweep(Instant.now().plus(Duration.ofDays(8)));

        assertEquals(0, sessionRows(live), "past its absolute expiry (7 days)");
        assertEquals(0, invitationRows(open), "past its expiry (7 days)");
    }

    private int sessionRows(SignedInSession session) {
        return count("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", Hashes.sha256Base64Url(session.cookie()));
    }

    private int invitationRows(String token) {
        return count("SELECT COUNT(*) FROM invitations WHERE token_hash = ?", Hashes.sha256Base64Url(token));
    }

    private int count(String sql, String hash) {
        return hub.hub().database().read(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, hash);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
