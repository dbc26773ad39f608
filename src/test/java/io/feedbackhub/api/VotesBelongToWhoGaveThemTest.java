package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page holding an app's publishable key cannot change votes it did not give (issue #13, item 8). An end user's
 * identity comes from what the hub issued: an end-user token (the backend vouched for the author) or an anonymous id
 * (POST /v1/anonymous-id: a random author the hub signed for one browser); a vote is changed or removed only by that
 * identity; a key alone changes nothing; a 403 never names another record's id; and the per end user limit follows
 * the identity (for a key alone or an anonymous id, the client address), not the author ids a request names.
 */
@HubTest
class VotesBelongToWhoGaveThemTest {
    static final String APP = "https://app.example";

    @Parameter
    TestHub hub;

    String aBrowserKey() {
        return hub.issueKey(Role.PUBLISHABLE, List.of(APP));
    }

    /** What the widget does on its first load in a browser: ask for the browser's anonymous id. */
    Api anAnonymousBrowser(String key) {
        var minted = hub.api.withKey(key).post("/v1/anonymous-id", "", "Origin", APP);
        assertEquals(201, minted.status(), minted.body());
        assertTrue(minted.json().get("anonymous_id").asText().startsWith("fh_anon_"), minted.body());
        return hub.api.withKey(minted.json().get("anonymous_id").asText());
    }

    static String vote(String message, String label) {
        return "{\"message_id\": \"%s\", \"label\": \"%s\"}".formatted(message, label);
    }

    static String vote(String message, String label, String author) {
        return "{\"message_id\": \"%s\", \"label\": \"%s\", \"author_id\": \"%s\"}".formatted(message, label, author);
    }

    @Test
    void a_page_with_the_key_cannot_overwrite_or_delete_another_browsers_vote_by_naming_its_author() {
        var key = aBrowserKey();
        var message = "m-" + UUID.randomUUID();
        var visitorsPage = hub.api.withKey(key);
        var given = visitorsPage.post("/v1/feedback", vote(message, "thumbs_up", "visitor-1"), "Origin", APP);
        assertEquals(201, given.status(), given.body());
        var id = given.json().get("id").asText();
        var attackersPage = hub.api.withKey(key); // the same app, the same key, another browser

        var overwrite = attackersPage.post("/v1/feedback", vote(message, "thumbs_down", "visitor-1"), "Origin", APP);
        var patch = attackersPage.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_down\"}", "Origin", APP);
        var delete = attackersPage.delete("/v1/feedback/" + id, "Origin", APP);

        assertEquals(403, overwrite.status(), overwrite.body());
        assertFalse(overwrite.body().contains(id), "a 403 names no other record: " + overwrite.body());
        assertEquals(404, patch.status(), patch.body());
        assertEquals(404, delete.status(), delete.body());
        assertEquals(given.json(), hub.api.get("/v1/feedback/" + id).json(), "the visitor's vote is as it was given");
    }

    @Test
    void an_anonymous_id_changes_and_undoes_its_own_vote_and_no_one_elses() {
        var key = aBrowserKey();
        var message = "m-" + UUID.randomUUID();
        var alice = anAnonymousBrowser(key);
        var bob = anAnonymousBrowser(key);
        var alicesVote = alice.post("/v1/feedback", vote(message, "thumbs_up"), "Origin", APP).json();
        var aliceId = alicesVote.get("author_id").asText();
        var id = alicesVote.get("id").asText();
        assertEquals(201, bob.post("/v1/feedback", vote(message, "thumbs_down"), "Origin", APP).status());
        assertEquals(aliceId, UUID.fromString(aliceId).toString(), "the author is the hub's anonymous id: " + alicesVote);

        // bob, naming alice, or her vote's id
        var asAlice = bob.post("/v1/feedback", vote(message, "thumbs_down", aliceId), "Origin", APP);
        assertEquals(403, asAlice.status(), asAlice.body());
        assertFalse(asAlice.body().contains(id), asAlice.body());
        assertEquals(404, bob.patch("/v1/feedback/" + id, "{\"label\": \"thumbs_down\"}", "Origin", APP).status());
        assertEquals(404, bob.delete("/v1/feedback/" + id, "Origin", APP).status());
        assertEquals(alicesVote, hub.api.get("/v1/feedback/" + id).json());

        // alice: reads her vote back, changes it, undoes it
        var hers = alice.get("/v1/feedback?message_id=" + message, "Origin", APP);
        assertEquals(200, hers.status(), hers.body());
        assertEquals(List.of(id), hers.json().get("items").findValuesAsText("id"), "only her own vote: " + hers.body());
        var changed = alice.post("/v1/feedback", vote(message, "thumbs_down"), "Origin", APP);
        assertEquals(200, changed.status(), changed.body());
        assertEquals(id, changed.json().get("id").asText());
        assertEquals(2, changed.json().get("revision").asInt());
        assertEquals(200, alice.patch("/v1/feedback/" + id, "{\"comment\": \"on second thought\"}", "Origin", APP).status());
        assertEquals(204, alice.delete("/v1/feedback/" + id, "Origin", APP).status());
        assertEquals(404, hub.api.get("/v1/feedback/" + id).status());
    }

    @Test
    void an_anonymous_id_is_minted_with_a_publishable_key_and_is_held_to_its_origins_and_its_life() {
        var admin = hub.api.withKey(TestHub.ADMIN_KEY);
        var created = admin.post("/v1/keys", "{\"role\": \"publishable\", \"name\": \"app\", \"allowed_origins\": [\"" + APP + "\"]}");
        assertEquals(201, created.status(), created.body());
        var key = created.json().get("secret").asText();
        var browser = anAnonymousBrowser(key);
        var message = "m-" + UUID.randomUUID();

        var fromElsewhere = browser.post("/v1/feedback", vote(message, "thumbs_up"), "Origin", "https://evil.example");
        var withoutOrigin = hub.api.withKey(key).post("/v1/anonymous-id", "");
        var bySecretKey = hub.api.post("/v1/anonymous-id", "");
        var fromAnotherId = browser.post("/v1/anonymous-id", "", "Origin", APP);
        var reads = browser.get("/v1/feedback/" + UUID.randomUUID(), "Origin", APP);
        assertEquals(204, admin.delete("/v1/keys/" + created.json().get("id").asText()).status());
        var afterRevocation = browser.post("/v1/feedback", vote(message, "thumbs_up"), "Origin", APP);

        assertEquals(403, fromElsewhere.status(), fromElsewhere.body());
        assertEquals(403, withoutOrigin.status(), withoutOrigin.body());
        assertEquals(403, bySecretKey.status(), bySecretKey.body());
        assertEquals(403, fromAnotherId.status(), fromAnotherId.body());
        assertEquals(403, reads.status(), "an anonymous id reads only its own votes: " + reads.body());
        assertEquals(401, afterRevocation.status(), afterRevocation.body());
        assertEquals(0, hub.api.get("/v1/feedback?message_id=" + message).json().get("items").size());
    }

    @Test
    void rotating_author_ids_or_anonymous_ids_does_not_escape_the_per_end_user_limit() {
        try (var limited = TestHub.start(hub.kind(), Map.of("FEEDBACK_HUB_END_USER_RATE_LIMIT_PER_MINUTE", "1"))) {
            var byNames = limited.api.withKey(limited.issueKey(Role.PUBLISHABLE, List.of(APP)));
            var keyForIds = limited.issueKey(Role.PUBLISHABLE, List.of(APP));
            int acceptedByNames = 0;
            int acceptedByIds = 0;

            for (int i = 0; i < 90; i++) {
                var r = byNames.post("/v1/feedback", vote("m-" + i, "thumbs_up", "visitor-" + UUID.randomUUID()), "Origin", APP);
                assertTrue(r.status() == 201 || r.status() == 429, r.toString());
                acceptedByNames += r.status() == 201 ? 1 : 0;
            }
            for (int i = 0; i < 30; i++) {
                var fresh = limited.api.withKey(keyForIds).post("/v1/anonymous-id", "", "Origin", APP).json().get("anonymous_id").asText();
                var r = limited.api.withKey(fresh).post("/v1/feedback", vote("m-" + i, "thumbs_up"), "Origin", APP);
                assertTrue(r.status() == 201 || r.status() == 429, r.toString());
                acceptedByIds += r.status() == 201 ? 1 : 0;
            }

            System.out.println("per end user limit 1/min: " + acceptedByNames + " of 90 writes naming new authors accepted, "
                    + acceptedByIds + " of 30 writes with new anonymous ids");
            // one write a minute per client address: the first, and one more only if the loop outlasted a minute
            assertTrue(acceptedByNames >= 1 && acceptedByNames <= 2, acceptedByNames + " of 90 accepted");
            assertTrue(acceptedByIds >= 1 && acceptedByIds <= 2, acceptedByIds + " of 30 accepted");
        }
    }
}
