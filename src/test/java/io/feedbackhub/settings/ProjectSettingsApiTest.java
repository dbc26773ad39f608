package io.feedbackhub.settings;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.SignedInSession;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET and PATCH /v1/settings on both stores, and what the settings change: comments viewers read, stats' zone, strict conversations. */
@HubTest
class ProjectSettingsApiTest {
    static final String COMMENT = "my order 4471 never arrived";
    static final String CORRECTION = "Refunds are accepted for 30 days.";

    @Parameter
    TestHub hub;
    Api admin;

    @BeforeParameterizedClassInvocation
    void start() {
        admin = hub.api.withKey(TestHub.ADMIN_KEY);
    }

    @Test
    void a_project_that_changed_nothing_reads_the_defaults() {
        var other = hub.otherTenant();

        var read = other.get("/v1/settings");

        assertEquals(200, read.status(), read.toString());
        assertFalse(read.json().get("strict_conversations").asBoolean());
        assertFalse(read.json().get("strict_conversations_default").asBoolean());
        assertEquals("UTC", read.json().get("time_zone").asText());
        assertEquals("shown", read.json().get("viewer_comments").asText());
        assertTrue(read.json().get("retention").get("feedback").isNull(), "feedback is kept until deleted");
        assertEquals("30d", read.json().get("retention").get("context").asText());
        assertEquals("400d", read.json().get("retention").get("audit").asText());
        assertTrue(read.json().get("updated_at").isNull());
    }

    @Test
    void a_viewer_reads_the_settings_and_only_an_admin_changes_them() {
        var viewer = hub.signIn(TeamRole.VIEWER);
        var editor = hub.signIn(TeamRole.EDITOR);
        var adminPerson = hub.signIn(TeamRole.ADMIN);

        var changed = hub.api.patch("/v1/settings", "{\"time_zone\": \"Europe/Paris\", \"strict_conversations\": false}", adminPerson.headers());

        assertEquals(200, changed.status(), changed.toString());
        assertEquals("Europe/Paris", changed.json().get("time_zone").asText());
        var read = hub.api.get("/v1/settings", viewer.headers());
        assertEquals(200, read.status(), read.toString());
        assertEquals("Europe/Paris", read.json().get("time_zone").asText());
        assertFalse(read.json().get("updated_at").isNull());
        assertEquals(403, hub.api.patch("/v1/settings", "{\"time_zone\": \"UTC\"}", viewer.headers()).status());
        assertEquals(403, hub.api.patch("/v1/settings", "{\"time_zone\": \"UTC\"}", editor.headers()).status());
        assertEquals(403, hub.api.patch("/v1/settings", "{\"time_zone\": \"UTC\"}").status(), "a secret key acts as an editor");
        assertEquals("Europe/Paris", admin.get("/v1/settings").json().get("time_zone").asText());
    }

    @Test
    void unknown_fields_and_bad_values_are_refused_and_nothing_is_written() {
        assertEquals(200, admin.patch("/v1/settings", "{\"time_zone\": \"America/New_York\", \"viewer_comments\": \"shown\"}").status());
        var before = admin.get("/v1/settings").json();

        var refusals = List.of(
                admin.patch("/v1/settings", "{\"time_zone\": \"Asia/Tokyo\", \"colour\": \"red\"}"),
                admin.patch("/v1/settings", "{\"time_zone\": \"Mars/Olympus_Mons\"}"),
                admin.patch("/v1/settings", "{\"time_zone\": \"+02:00\"}"),
                admin.patch("/v1/settings", "{\"time_zone\": 2}"),
                admin.patch("/v1/settings", "{\"viewer_comments\": \"maybe\", \"time_zone\": \"Asia/Tokyo\"}"),
                admin.patch("/v1/settings", "{\"viewer_comments\": null}"),
                admin.patch("/v1/settings", "{\"strict_conversations\": \"yes\"}"),
                admin.patch("/v1/settings", "[1, 2]"),
                admin.patch("/v1/settings", "{not json"));

        for (var refused : refusals) {
            assertTrue(refused.status() == 400 || refused.status() == 422, refused.toString());
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
            assertFalse(refused.json().get("detail").asText().isBlank(), refused.toString());
        }
        assertEquals("colour", refusals.get(0).json().get("errors").get(0).get("field").asText());
        assertTrue(refusals.get(1).json().get("detail").asText().contains("IANA"), refusals.get(1).toString());
        assertEquals(before, admin.get("/v1/settings").json(), "no refused change wrote anything");
    }

    @Test
    void a_change_of_settings_is_in_the_audit_log() {
        var adminPerson = hub.signIn(TeamRole.ADMIN);

        assertEquals(200, hub.api.patch("/v1/settings", "{\"time_zone\": \"UTC\"}", adminPerson.headers()).status());

        var entries = admin.get("/v1/audit?limit=20").json().get("items");
        var found = false;
        for (var entry : entries) {
            found |= entry.get("route").asText().equals("/v1/settings") && entry.get("method").asText().equals("PATCH")
                    && entry.toString().contains(adminPerson.personId());
        }
        assertTrue(found, entries.toString());
    }

    @Test
    void the_project_time_zone_is_where_stats_cut_days_unless_the_request_names_one() {
        assertEquals(200, admin.patch("/v1/settings", "{\"time_zone\": \"Asia/Kolkata\"}").status());

        var own = hub.api.get("/v1/stats?group_by=day");
        var named = hub.api.get("/v1/stats?group_by=day&tz=Europe/Paris");

        assertEquals(200, own.status(), own.toString());
        assertEquals("Asia/Kolkata", own.json().get("tz").asText());
        assertEquals("Europe/Paris", named.json().get("tz").asText());
        assertEquals(200, admin.patch("/v1/settings", "{\"time_zone\": null}").status());
        assertEquals("UTC", hub.api.get("/v1/stats").json().get("tz").asText(), "null sets the zone back to UTC");
    }

    @Test
    void strict_conversations_refuse_feedback_on_an_unregistered_devic_thread_until_set_back() {
        var path = "/compat/devic/api/v1/agents/threads/%s/feedback";
        var vote = "{\"messageId\": \"m-1\", \"feedback\": true}";
        assertEquals(200, admin.patch("/v1/settings", "{\"strict_conversations\": true}").status());

        var strict = hub.api.post(path.formatted("thread-" + UUID.randomUUID()), vote);

        assertEquals(404, strict.status(), strict.toString());
        assertEquals(200, admin.patch("/v1/settings", "{\"strict_conversations\": null}").status());
        var loose = hub.api.post(path.formatted("thread-" + UUID.randomUUID()), vote);
        assertEquals(200, loose.status(), "back to the node-wide default (not strict): " + loose);
    }

    /** One commented and corrected vote on a registered message of a fresh agent; returns its feedback id and agent. */
    String[] aCommentedAndCorrectedVote() {
        var agent = "agent-" + UUID.randomUUID();
        var thread = "t-" + UUID.randomUUID();
        var message = "m-" + UUID.randomUUID();
        assertEquals(200, hub.api.put("/v1/threads/" + thread, "{\"agent_id\": \"" + agent + "\"}").status());
        assertEquals(200, hub.api.put("/v1/messages/" + message, """
                {"thread_id": "%s", "role": "assistant", "prompt": "What is the refund window?", "content": "14 days."}"""
                .formatted(thread)).status());
        var written = hub.api.post("/v1/feedback", """
                {"agent_id": "%s", "thread_id": "%s", "message_id": "%s", "author_id": "u-1", "label": "thumbs_down",
                 "comment": "%s", "correction": "%s"}""".formatted(agent, thread, message, COMMENT, CORRECTION));
        assertEquals(201, written.status(), written.toString());
        return new String[]{written.json().get("id").asText(), agent, thread, message};
    }

    /** Every read that can carry a comment, as this session makes them: the bodies, joined. */
    String everyRead(SignedInSession session, String[] vote) {
        var id = vote[0];
        var agent = vote[1];
        var reads = List.of("/v1/feedback?agent_id=" + agent, "/v1/feedback?thread_id=" + vote[2], "/v1/feedback/" + id,
                "/v1/feedback/" + id + "/history", "/v1/export?agent_id=" + agent, "/v1/export?format=csv&agent_id=" + agent,
                "/v1/export?format=preference&agent_id=" + agent, "/v1/export?format=eval&agent_id=" + agent,
                "/v1/export?labels=resolved&agent_id=" + agent, "/v1/threads/" + vote[2], "/v1/messages/" + vote[3],
                "/v1/messages?thread_id=" + vote[2], "/v1/search?q=4471+arrived", "/v1/search?q=refunds+accepted");
        var bodies = new StringBuilder();
        for (var path : reads) {
            var read = hub.api.get(path, session.headers());
            assertEquals(200, read.status(), path + ": " + read);
            bodies.append(path).append(" -> ").append(read.body()).append('\n');
        }
        return bodies.toString();
    }

    @Test
    void with_viewer_comments_hidden_no_read_of_a_viewer_holds_a_comment_or_correction_and_an_editors_do() {
        var vote = aCommentedAndCorrectedVote();
        var viewer = hub.signIn(TeamRole.VIEWER);
        var editor = hub.signIn(TeamRole.EDITOR);

        assertEquals(200, admin.patch("/v1/settings", "{\"viewer_comments\": \"hidden\"}").status());

        var seenByViewer = everyRead(viewer, vote);
        assertFalse(seenByViewer.contains(COMMENT), seenByViewer);
        assertFalse(seenByViewer.contains(CORRECTION), seenByViewer);
        assertTrue(seenByViewer.contains("thumbs_down"), "the vote itself is still read: " + seenByViewer);
        var seenByEditor = everyRead(editor, vote);
        assertTrue(seenByEditor.contains(COMMENT), seenByEditor);
        assertTrue(seenByEditor.contains(CORRECTION), seenByEditor);
        var one = hub.api.get("/v1/feedback/" + vote[0], viewer.headers()).json();
        assertTrue(one.get("comment").isNull() && one.get("correction").isNull(), one.toString());
    }

    @Test
    void with_viewer_comments_shown_a_viewer_reads_them() {
        var vote = aCommentedAndCorrectedVote();
        var viewer = hub.signIn(TeamRole.VIEWER);

        assertEquals(200, admin.patch("/v1/settings", "{\"viewer_comments\": \"shown\"}").status());

        var seen = everyRead(viewer, vote);
        assertTrue(seen.contains(COMMENT), seen);
        assertTrue(seen.contains(CORRECTION), seen);
    }

    @Test
    void with_viewer_comments_hidden_a_webhook_delivery_shows_a_viewer_the_event_without_its_comment() throws InterruptedException {
        var agent = "agent-" + UUID.randomUUID();
        var hook = hub.api.post("/v1/webhooks", """
                {"url": "https://93.184.215.14/hook", "events": ["feedback.created"], "filter": {"agent_id": "%s"}}""".formatted(agent));
        assertEquals(201, hook.status(), hook.toString());
        var hookId = hook.json().get("id").asText();
        assertEquals(201, hub.api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "m-%s", "label": "thumbs_down", "comment": "%s"}""".formatted(agent, UUID.randomUUID(), COMMENT)).status());
        var viewer = hub.signIn(TeamRole.VIEWER);
        var editor = hub.signIn(TeamRole.EDITOR);
        var event = hub.api.get("/v1/webhooks/" + hookId + "/deliveries", editor.headers()).json().get("items").get(0).get("event_id").asText();
        var path = "/v1/webhooks/" + hookId + "/deliveries/" + event;
        var byEditor = hub.api.get(path, editor.headers());
        for (long deadline = System.nanoTime() + 30_000_000_000L; byEditor.json().get("payload").isNull() && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            byEditor = hub.api.get(path, editor.headers());
        }

        assertEquals(200, admin.patch("/v1/settings", "{\"viewer_comments\": \"hidden\"}").status());

        var byViewer = hub.api.get(path, viewer.headers());
        assertEquals(200, byViewer.status(), byViewer.toString());
        assertFalse(byViewer.body().contains(COMMENT), byViewer.body());
        assertTrue(byViewer.body().contains("thumbs_down"), byViewer.body());
        assertTrue(hub.api.get(path, editor.headers()).body().contains(COMMENT), "an editor reads the event whole");
        assertEquals(204, hub.api.delete("/v1/webhooks/" + hookId).status());
    }
}
