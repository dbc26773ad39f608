package io.feedbackhub.store;

import io.feedbackhub.app.Config;
import io.feedbackhub.app.FeedbackHub;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Hashes;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version 10 on a store written by the code before it: the old slot key included the thread, so one author's two votes
 * on one message, one naming the thread and one not, are two live records that both count. The migration (V10's SQL,
 * then its Java step) leaves one: the latest current, the other's versions its history, its idempotency key pointing
 * at it; every record inherits its registry context; the rollups equal a recount.
 */
@HubTest
class SlotIdentityMigrationTest {
    /** The columns of feedback and feedback_history before version 10. */
    private static final String OLD_COLUMNS = FeedbackRows.COLUMNS.replace(", inherited", "");
    private static final String OLD_VALUES = FeedbackRows.VALUES.replace(", :inherited", "");

    @Parameter
    TestHub hub;

    /** The slot key as the code before version 10 computed it. */
    static String oldKey(Feedback f) {
        var t = f.target();
        return Hashes.sha256Base64Url(String.join("\u0000", part(t.threadId()), part(t.messageId()), part(t.traceId()),
                part(f.name()), part(f.authorId()), part(t.contentId())));
    }

    private static String part(String s) {
        return s == null ? "\u0001" : s;
    }

    Feedback vote(String id, String tenant, String thread, String message, String label, long updatedAt, int revision) {
        var content = FeedbackDraft.builder(Target.ofMessage(null, thread, message)).label(label)
                .score(label.equals("thumbs_up") ? 1.0 : 0.0).authorId("u-1").source(Source.USER).build();
        return Feedback.of(id, tenant, content, Instant.ofEpochMilli(updatedAt - 100), Instant.ofEpochMilli(updatedAt),
                revision, null, null);
    }

    @Test
    void duplicates_under_the_old_key_rule_merge_into_the_latest_and_the_rollups_equal_a_recount() throws SQLException {
        var tenant = hub.defaultTenantId();
        long base = Instant.now().minusSeconds(3600).toEpochMilli(); // within the stats' default range
        var olderHistory = vote("01900000-0000-7000-8000-000000000001", tenant, "t-1", "m-1", "thumbs_up", base, 1);
        var older = vote("01900000-0000-7000-8000-000000000001", tenant, "t-1", "m-1", "thumbs_down", base + 100_000, 2);
        var latest = vote("01900000-0000-7000-8000-000000000002", tenant, null, "m-1", "thumbs_up", base + 200_000, 1);
        var inheriting = vote("01900000-0000-7000-8000-000000000003", tenant, null, "m-2", "thumbs_down", base + 300_000, 1);
        try (var c = hub.hub().database().connection()) {
            asBeforeVersion10(c);
            insert(c, "feedback_history", olderHistory);
            insert(c, "feedback", older);
            insert(c, "feedback", latest);
            insert(c, "feedback", inheriting);
            execute(c, "INSERT INTO idempotency_keys (tenant_id, client_feedback_id, feedback_id, fingerprint, created_at) VALUES ('"
                    + tenant + "', 'key-of-older', '" + older.id() + "', 'fp', 0)");
            execute(c, "INSERT INTO threads (tenant_id, id, agent_id, metadata, created_at, updated_at) VALUES ('" + tenant
                    + "', 't-2', 'agent-2', '{}', 0, 0)");
            execute(c, "INSERT INTO messages (tenant_id, id, thread_id, model, metadata, created_at, updated_at) VALUES ('" + tenant
                    + "', 'm-2', 't-2', 'gpt-x', '{\"prompt_version\":\"v3\"}', 0, 0)");
            var rollups = new RollupDeltas(hub.hub().database().kind()); // what the old write path counted: both duplicates
            List.of(older, latest, inheriting).forEach(f -> rollups.change(null, f));
            c.setAutoCommit(false); // PostgreSQL locks the rollups for a flush, which needs a transaction
            rollups.flush(c);
            c.commit();
            c.setAutoCommit(true);
        }

        try (var upgraded = new FeedbackHub(Config.from(hub.environment(Map.of()))).start()) {
            var api = new Api("http://localhost:" + upgraded.port(), TestHub.SECRET_KEY);

            var onM1 = api.get("/v1/feedback?message_id=m-1").json().get("items");
            assertEquals(1, onM1.size(), onM1.toString());
            assertEquals(latest.id(), onM1.get(0).get("id").asText());
            assertEquals(3, onM1.get(0).get("revision").asInt());
            var history = api.get("/v1/feedback/" + latest.id() + "/history").json().get("items");
            var labels = new ArrayList<String>();
            history.forEach(h -> labels.add(h.get("revision").asInt() + ":" + h.get("label").asText()));
            assertEquals(List.of("1:thumbs_up", "2:thumbs_down", "3:thumbs_up"), labels);
            assertEquals(404, api.get("/v1/feedback/" + older.id()).status());

            var onM2 = api.get("/v1/feedback?message_id=m-2").json().get("items").get(0);
            assertEquals("agent-2", onM2.get("agent_id").asText());
            assertEquals("t-2", onM2.get("thread_id").asText());
            assertEquals("{\"model\":\"gpt-x\",\"prompt_version\":\"v3\"}", onM2.get("metadata").toString());

            var stats = api.get("/v1/stats").json().get("overall");
            assertEquals(2, stats.get("total").asInt(), "one live vote per author and message");
            assertEquals(1, api.get("/v1/stats?agent_id=agent-2").json().get("overall").get("total").asInt());
            var audit = api.get("/v1/stats/consistency").json();
            assertTrue(audit.get("consistent").asBoolean(), audit.toString());
            try (var c = upgraded.database().connection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT feedback_id FROM idempotency_keys WHERE client_feedback_id = 'key-of-older'")) {
                assertTrue(rs.next());
                assertEquals(latest.id(), rs.getString(1), "the key names the record that stayed");
            }
        }
    }

    /** The schema as version 9 left it: no inherited column, version 10 not applied. */
    private void asBeforeVersion10(Connection c) throws SQLException {
        execute(c, "DELETE FROM schema_migrations WHERE version = 10");
        execute(c, "ALTER TABLE feedback DROP COLUMN inherited");
        execute(c, "ALTER TABLE feedback_history DROP COLUMN inherited");
    }

    private static void insert(Connection c, String table, Feedback f) throws SQLException {
        var sql = NamedSql.of("INSERT INTO " + table + " (" + OLD_COLUMNS + ") VALUES (" + OLD_VALUES + ")");
        try (var s = sql.prepare(c, FeedbackRows.bind(f).and("slot_key", oldKey(f)))) {
            s.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
