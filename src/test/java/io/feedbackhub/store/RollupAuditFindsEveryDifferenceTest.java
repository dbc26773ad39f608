package io.feedbackhub.store;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit compares the rollups with a recount hour by hour, as two sorted streams: it must still see a difference
 * wherever it is, in an hour only the rollups have, an hour only the feedback has, and inside an hour both have.
 */
@HubTest
class RollupAuditFindsEveryDifferenceTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void rollups_changed_behind_the_writes_back_are_each_reported() {
        var tenant = hub.defaultTenantId();
        var audit = new JdbcRollupAudit(hub.hub().database());
        assertEquals(201, api.post("/v1/feedback", """
                {"agent_id": "audited", "message_id": "m-1", "label": "thumbs_up", "reasons": ["kept"]}""").status());
        var moved = api.post("/v1/feedback", """
                {"agent_id": "audited", "message_id": "m-2", "label": "thumbs_down"}""");
        assertEquals(201, moved.status(), moved.body());
        assertEquals(List.of(), audit.mismatches(tenant), "given rollups equal to a recount");
        long monthAgo = Instant.parse(moved.json().get("created_at").asText()).minus(Duration.ofDays(30)).toEpochMilli();

        // a stray row in 1970, feedback moved a month back (its counts stay in this hour), a count changed in place
        execute("""
                INSERT INTO feedback_rollups (tenant_id, dim, bucket_hour, agent_id, name, label, source_surface, dim_value,
                    n, positive, negative, score_n, score_sum, score_sq, commented)
                VALUES (?, '', 1, 'ghost', 'reaction', '', '', '', 1, 0, 0, 0, 0, 0, 0)""", tenant);
        execute("UPDATE feedback SET created_at = " + monthAgo + " WHERE tenant_id = ? AND id = '" + moved.json().get("id").asText() + "'", tenant);
        execute("UPDATE feedback_rollups SET commented = commented + 1 WHERE tenant_id = ? AND dim = 'reason' AND dim_value = 'kept'", tenant);
        var mismatches = audit.mismatches(tenant);

        assertEquals(4, mismatches.size(), String.join("\n", mismatches));
        assertTrue(mismatches.get(0).contains("agentId=ghost") && mismatches.get(0).contains("recounted RollupCounts[n=0,"),
                "the earliest hour first: " + mismatches);
        assertTrue(mismatches.get(1).contains("bucketHour=" + Math.floorDiv(monthAgo, 3_600_000L))
                && mismatches.get(1).contains("stored RollupCounts[n=0,"), "the moved feedback's new hour: " + mismatches);
        assertEquals(1, mismatches.stream().filter(m -> m.contains("label=thumbs_down") && m.contains("stored RollupCounts[n=1,")
                && m.contains("recounted RollupCounts[n=0,")).count(), "its old hour: " + mismatches);
        assertEquals(1, mismatches.stream().filter(m -> m.contains("dimValue=kept") && m.contains("commented=1]")
                && m.contains("commented=0]")).count(), "the changed count: " + mismatches);
    }

    private void execute(String sql, String tenant) {
        hub.hub().database().read(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setString(1, tenant);
                assertEquals(1, s.executeUpdate(), sql);
                return null;
            }
        });
    }
}
