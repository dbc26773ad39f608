package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.IdempotencyKey;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import io.feedbackhub.json.Json;
import io.feedbackhub.webhooks.EventBodies;
import io.feedbackhub.webhooks.OutboxWriter;
import io.feedbackhub.webhooks.WriteActivity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL runs concurrent write batches (READ COMMITTED). A purge that first reads an author's live feedback and
 * then deletes it can (1) take out of the rollups a version that a concurrent update has replaced meanwhile, and
 * (2) delete feedback the author gave meanwhile without taking it out at all: either way the rollups keep counts of
 * deleted rows forever. The purge must take out exactly what its delete deletes; and it must delete the history and
 * the idempotency keys only after that delete has waited for the update, or what the update wrote meanwhile (a history
 * row, a key pointing at the record) stays behind. The races are forced without timing: an update holds a row lock,
 * the purge waits for it (seen in pg_stat_activity), the concurrent write happens, the update commits. (SQLite runs
 * one writer at a time; PurgeLeavesNothingOfTheAuthorTest covers both stores without a race.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PurgeDuringAnUpdateTest {
    TestHub hub;

    @BeforeAll
    void start() {
        hub = TestHub.start(StoreKind.POSTGRES);
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    /** The webhook outbox of one write transaction, as the hub's feedback store makes it. */
    private ChangeRecorder outbox() {
        return new JdbcWebhookStores(hub.hub().database(), Json.MAPPER)
                .outbox(() -> new OutboxWriter(new WriteActivity(), new EventBodies(Json.MAPPER))).get();
    }

    @Test
    void a_purge_waiting_on_an_update_takes_out_the_version_it_deletes() throws Exception {
        var created = hub.api.post("/v1/feedback", """
                {"agent_id": "race", "message_id": "m-race", "author_id": "u-race", "label": "thumbs_up", "reasons": ["fast"]}""");
        assertEquals(201, created.status(), created.body());
        var tenant = hub.defaultTenantId();
        var id = created.json().get("id").asText();
        var database = hub.hub().database();

        // given a second write to that slot with its own client_feedback_id, written but not yet committed: it holds the
        // row lock, has copied the first version to the history and claimed its key for the record
        var updating = database.connection();
        updating.setAutoCommit(false);
        var update = new JdbcFeedbackWrites(updating, DatabaseKind.POSTGRES, new KnownTargets(), outbox());
        var current = update.lockById(tenant, id).orElseThrow();
        assertTrue(update.claimKeyIfAbsent(tenant, new IdempotencyKey("k-race", id, "fingerprint"), Instant.now()));
        update.replace(current, relabelled(current, "thumbs_down"));
        update.beforeCommit();

        // when the author is purged meanwhile, and the update commits while the purge waits for its lock
        var purge = CompletableFuture.supplyAsync(() -> {
            try (var purging = database.connection()) {
                purging.setAutoCommit(false);
                var writes = new JdbcFeedbackWrites(purging, DatabaseKind.POSTGRES, new KnownTargets(), outbox());
                int purged = writes.purgeAuthor(tenant, "u-race");
                writes.beforeCommit();
                purging.commit();
                return purged;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitABackendWaitingForALock(database);
        updating.commit();
        updating.close();

        // then the row is gone and so are its counts, the history the update wrote and the key it claimed
        assertEquals(1, purge.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(), new JdbcRollupAudit(database).mismatches(tenant));
        assertEquals(0, rowsOf(database, "SELECT count(*) FROM feedback_history WHERE tenant_id = ? AND author_id = ?", tenant, "u-race"),
                "history of the purged author");
        assertEquals(0, rowsOf(database, "SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND feedback_id = ?", tenant, id),
                "idempotency keys of the purged feedback");
    }

    @Test
    void a_purge_takes_out_feedback_the_author_gave_while_it_waited() throws Exception {
        var first = hub.api.post("/v1/feedback", """
                {"agent_id": "race2", "message_id": "m-race2-a", "author_id": "u-race2", "label": "thumbs_up"}""");
        assertEquals(201, first.status(), first.body());
        var tenant = hub.defaultTenantId();
        var database = hub.hub().database();

        // given an update of the author's feedback that holds its row lock
        var updating = database.connection();
        updating.setAutoCommit(false);
        var update = new JdbcFeedbackWrites(updating, DatabaseKind.POSTGRES, new KnownTargets(), outbox());
        var current = update.lockById(tenant, first.json().get("id").asText()).orElseThrow();
        update.replace(current, relabelled(current, "thumbs_down"));
        update.beforeCommit();

        // when a purge starts and waits for that lock, the author gives new feedback (committed), then the update commits
        var purge = CompletableFuture.supplyAsync(() -> {
            try (var purging = database.connection()) {
                purging.setAutoCommit(false);
                var writes = new JdbcFeedbackWrites(purging, DatabaseKind.POSTGRES, new KnownTargets(), outbox());
                int purged = writes.purgeAuthor(tenant, "u-race2");
                writes.beforeCommit();
                purging.commit();
                return purged;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitABackendWaitingForALock(database);
        // (another agent: its rollup rows are not the ones the update holds locked)
        var second = hub.api.post("/v1/feedback", """
                {"agent_id": "race2-late", "message_id": "m-race2-b", "author_id": "u-race2", "label": "thumbs_up", "comment": "late"}""");
        assertEquals(201, second.status(), second.body());
        updating.commit();
        updating.close();

        // then whatever the purge deleted, it also took out of the rollups
        purge.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), new JdbcRollupAudit(database).mismatches(tenant));
    }

    static Feedback relabelled(Feedback f, String label) {
        return new Feedback(f.id(), f.tenantId(), f.target(), f.name(), label, 0.0, f.comment(), List.of("wrong"),
                f.correction(), f.data(), f.queryCategory(), f.sourceSurface(), f.authorId(), f.source(), f.clientFeedbackId(),
                f.metadata(), f.createdAt(), Instant.now(), f.revision() + 1, null, f.createdByKeyId());
    }

    static long rowsOf(Database database, String countSql, String tenant, String value) {
        return database.read(c -> {
            try (var s = c.prepareStatement(countSql)) {
                s.setString(1, tenant);
                s.setString(2, value);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Polls pg_stat_activity (a state, not a duration): returns once a session of this database waits on a lock. */
    static void awaitABackendWaitingForALock(Database database) throws Exception {
        for (int i = 0; i < 3000; i++) {
            boolean waiting = database.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'""")) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            });
            if (waiting) {
                return;
            }
            Thread.sleep(10);
        }
        assertTrue(false, "the purge never waited for the update's lock");
    }
}
