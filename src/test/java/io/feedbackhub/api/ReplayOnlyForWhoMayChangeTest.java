package io.feedbackhub.api;

import io.feedbackhub.auth.Role;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A client_feedback_id replays (or conflicts with) its record only for a caller who may change that record: a browser
 * credential that sends another author's or another key's id gets the refusal a direct change would get (403), and
 * learns neither the record nor its id.
 */
@HubTest
class ReplayOnlyForWhoMayChangeTest {
    static final String ORIGIN = "https://app.example";

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    Api endUser(String author, String message) {
        var minted = api.post("/v1/tokens", """
                {"author_id": "%s", "message_id": "%s"}""".formatted(author, message));
        assertEquals(201, minted.status(), minted.body());
        return api.withKey(minted.json().get("token").asText());
    }

    @Test
    void an_end_user_sending_another_authors_client_feedback_id_is_refused_and_learns_nothing() {
        var message = unique("m");
        var key = unique("key");
        var alices = api.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "alice", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(message, key));
        assertEquals(201, alices.status(), alices.body());
        var alicesId = alices.json().get("id").asText();

        var bobs = endUser("bob", message).post("/v1/feedback", """
                {"label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(key));

        assertEquals(403, bobs.status(), bobs.body());
        assertFalse(bobs.body().contains(alicesId), bobs.body());
        assertEquals(alices.json(), api.get("/v1/feedback/" + alicesId).json(), "unchanged");
        assertEquals(List.of("alice"), authorsOn(message), "and nothing written for bob");
    }

    @Test
    void a_browser_key_sending_another_keys_client_feedback_id_is_refused_and_learns_nothing() {
        var key = unique("key");
        var first = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(ORIGIN)));
        var second = api.withKey(hub.issueKey(Role.PUBLISHABLE, List.of(ORIGIN)));
        var given = first.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-1", "label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(unique("m"), key),
                "Origin", ORIGIN);
        assertEquals(201, given.status(), given.body());
        var message = unique("m");

        var other = second.post("/v1/feedback", """
                {"message_id": "%s", "author_id": "u-2", "label": "thumbs_down", "client_feedback_id": "%s"}""".formatted(message, key),
                "Origin", ORIGIN);

        assertEquals(403, other.status(), other.body());
        assertFalse(other.body().contains(given.json().get("id").asText()), other.body());
        assertEquals(List.of(), authorsOn(message));
    }

    @Test
    void whoever_may_change_the_record_still_gets_the_replay_and_the_conflict() {
        var message = unique("m");
        var key = unique("key");
        var alice = endUser("alice", message);
        var body = """
                {"label": "thumbs_up", "client_feedback_id": "%s"}""".formatted(key);
        var first = alice.post("/v1/feedback", body);

        var retry = endUser("alice", message).post("/v1/feedback", body);
        var changedPayload = alice.post("/v1/feedback", """
                {"label": "thumbs_down", "client_feedback_id": "%s"}""".formatted(key));

        assertEquals(201, first.status(), first.body());
        assertEquals(200, retry.status(), retry.body());
        assertEquals(first.json().get("id"), retry.json().get("id"), "a new token of the same author: the original");
        assertEquals(409, changedPayload.status(), changedPayload.body());
    }

    private List<String> authorsOn(String message) {
        var listed = api.get("/v1/feedback?message_id=" + message);
        assertEquals(200, listed.status(), listed.body());
        return listed.json().get("items").findValuesAsText("author_id");
    }
}
