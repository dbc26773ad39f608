package io.feedbackhub.store;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Rollups written before V12 lack the reason × metadata and content × metadata rows and counted scores as neither
 * positive nor negative. V12 marks every tenant in rollup_recounts_due, and the migrator rebuilds their rollups from
 * the live rows: here the old state is recreated behind the server's back, and a migration run repairs it.
 */
@HubTest
class RollupRecountTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_tenant_marked_for_a_recount_gets_rollups_equal_to_a_recount_and_is_unmarked() {
        var tenant = hub.defaultTenantId();
        var audit = new JdbcRollupAudit(hub.hub().database());
        assertEquals(200, api.put("/v1/feedback-configs/recount-stars", """
                {"type": "numeric", "min": 1, "max": 5}""").status());
        for (var body : List.of(
                """
                {"agent_id": "recounted", "message_id": "r-1", "label": "thumbs_down", "reasons": ["outdated"], "content_id": "doc-1", "metadata": {"prompt_version": "v3"}}""",
                """
                {"agent_id": "recounted", "message_id": "r-2", "name": "recount-stars", "score": 2, "metadata": {"prompt_version": "v3"}}""")) {
            assertEquals(201, api.post("/v1/feedback", body).status());
        }
        // the rollups as the version before V12 left them
        execute("DELETE FROM feedback_rollups WHERE tenant_id = ? AND dim LIKE 'meta:%=%'", tenant);
        execute("UPDATE feedback_rollups SET negative = 0 WHERE tenant_id = ? AND name = 'recount-stars'", tenant);
        execute("INSERT INTO rollup_recounts_due (tenant_id) VALUES (?)", tenant);
        assertFalse(audit.mismatches(tenant).isEmpty());

        hub.hub().database().migrate();

        assertEquals(List.of(), audit.mismatches(tenant));
        var v3 = api.get("/v1/stats?agent_id=recounted&metadata.prompt_version=v3&group_by=reason").json();
        assertEquals("outdated", v3.get("groups").get(0).get("key").get("reason").asText());
        assertEquals(2, v3.get("overall").get("positive_rate").get("negative").asInt(), "the thumbs down and 2 of 5 stars");
        assertEquals(0, count("SELECT COUNT(*) FROM rollup_recounts_due"));
    }

    private void execute(String sql, String tenant) {
        hub.hub().database().read(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, tenant);
                s.executeUpdate();
                return null;
            }
        });
    }

    private long count(String sql) {
        return hub.hub().database().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
