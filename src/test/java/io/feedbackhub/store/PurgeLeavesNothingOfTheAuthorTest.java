package io.feedbackhub.store;

import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A purge (a privacy request) erases the author's feedback, its history, its idempotency keys, and every dimension
 * value it brought into the rollups: a metadata value, reason or content id only that author used is in no rollup
 * row afterwards, not even with zero counts. Rollup rows that deletes and patches empty go the same way.
 */
@HubTest
class PurgeLeavesNothingOfTheAuthorTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    @Test
    void a_purged_author_leaves_no_feedback_history_key_or_dimension_value() {
        var agent = unique("agent");
        var author = unique("leaving");
        var customer = unique("customer");
        var reason = unique("reason");
        var chunk = unique("chunk");
        var key = unique("key");
        var message = unique("m");
        var theirs = """
                {"agent_id": "%s", "message_id": "%s", "author_id": "%s", "label": "%s", "reasons": ["%s"],
                 "content_id": "%s", "client_feedback_id": "%s", "metadata": {"customer": "%s"}}""";
        assertEquals(201, api.post("/v1/feedback", theirs.formatted(agent, message, author, "thumbs_up", reason, chunk, key, customer)).status());
        assertEquals(200, api.post("/v1/feedback", theirs.formatted(agent, message, author, "thumbs_down", reason, chunk, unique("key"), customer))
                .status(), "a second write to the slot: the first version goes to the history");
        assertEquals(201, api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "author_id": "staying", "label": "thumbs_up", "metadata": {"customer": "kept"}}"""
                .formatted(agent, message)).status());

        var purged = api.post("/v1/authors/" + author + "/purge", null);

        assertEquals(200, purged.status(), purged.body());
        assertEquals(0, count("SELECT count(*) FROM feedback WHERE author_id = ?", author));
        assertEquals(0, count("SELECT count(*) FROM feedback_history WHERE author_id = ?", author));
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE client_feedback_id = ?", key));
        for (var value : List.of(customer, reason, chunk)) {
            assertEquals(0, count("SELECT count(*) FROM feedback_rollups WHERE dim_value = ?", value), value);
        }
        var byCustomer = api.get("/v1/stats?agent_id=" + agent + "&group_by=metadata.customer");
        assertEquals(200, byCustomer.status(), byCustomer.body());
        assertEquals(List.of("kept"), groupValues(byCustomer.json().get("groups"), "metadata.customer"));
        assertEquals(List.of(), new JdbcRollupAudit(hub.hub().database()).mismatches(hub.defaultTenantId()));
        assertEquals(201, api.post("/v1/feedback", theirs.formatted(agent, message, author, "thumbs_up", reason, chunk, key, customer)).status(),
                "the key is free again: a new record");
    }

    @Test
    void a_rollup_row_emptied_by_a_patch_or_a_delete_is_gone() {
        var agent = unique("agent");
        var before = unique("before");
        var after = unique("after");
        var deleted = unique("deleted");
        var patched = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "metadata": {"prompt_version": "%s"}}"""
                .formatted(agent, unique("m"), before)).json().get("id").asText();
        var removed = api.post("/v1/feedback", """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "reasons": ["%s"]}"""
                .formatted(agent, unique("m"), deleted)).json().get("id").asText();

        var patch = api.patch("/v1/feedback/" + patched, "{\"metadata\": {\"prompt_version\": \"%s\"}}".formatted(after));
        var delete = api.delete("/v1/feedback/" + removed);

        assertEquals(200, patch.status(), patch.body());
        assertEquals(204, delete.status(), delete.body());
        assertEquals(0, count("SELECT count(*) FROM feedback_rollups WHERE dim_value = ?", before));
        assertEquals(0, count("SELECT count(*) FROM feedback_rollups WHERE dim_value = ?", deleted));
        assertEquals(1, count("SELECT count(*) FROM feedback_rollups WHERE dim_value = ?", after));
        assertEquals(0, count("SELECT count(*) FROM feedback_rollups WHERE n = 0", null), "no row is left at zero");
        assertEquals(List.of(), new JdbcRollupAudit(hub.hub().database()).mismatches(hub.defaultTenantId()));
    }

    /** Rows of the default tenant; {@code value} binds the one parameter of {@code where}, if any. */
    long count(String sql, String value) {
        return hub.hub().database().read(c -> {
            try (var s = c.prepareStatement(sql + (sql.contains("WHERE") ? " AND" : " WHERE") + " tenant_id = ?")) {
                int i = 1;
                if (value != null) {
                    s.setString(i++, value);
                }
                s.setString(i, hub.defaultTenantId());
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static List<String> groupValues(com.fasterxml.jackson.databind.JsonNode groups, String dimension) {
        var values = new ArrayList<String>();
        groups.forEach(g -> values.add(g.get("key").get(dimension).asText()));
        return values;
    }
}
