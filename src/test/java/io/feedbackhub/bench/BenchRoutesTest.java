package io.feedbackhub.bench;

import io.feedbackhub.testing.EveryStore;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark ladder's middle rungs (/bench/validate, /bench/raw-insert) exist only when FEEDBACK_HUB_BENCH_ROUTES
 * is true; then the first refuses and accepts exactly what POST /v1/feedback would and writes nothing, and the second
 * commits one row per call into its own table and no feedback.
 */
class BenchRoutesTest {
    static final Map<String, String> BENCH_ON = Map.of("FEEDBACK_HUB_BENCH_ROUTES", "true");
    static final String VOTE = """
            {"thread_id": "t-1", "message_id": "m-1", "author_id": "user-1", "label": "thumbs_up", "reasons": ["fast"]}""";

    @ParameterizedTest
    @EveryStore
    void without_the_setting_the_bench_routes_are_not_served(StoreKind store) {
        try (var hub = TestHub.start(store)) {
            var validate = hub.api.post("/bench/validate", VOTE);
            var raw = hub.api.post("/bench/raw-insert", VOTE);

            assertEquals(404, validate.status(), validate.body());
            assertEquals(404, raw.status(), raw.body());
            assertTrue(hub.hub().routes().stream().noneMatch(r -> r.path().startsWith("/bench")), hub.hub().routes().toString());
            assertEquals(0, tablesNamedBenchRows(hub), "no bench table in a store that never served the bench routes");
        }
    }

    @ParameterizedTest
    @EveryStore
    void validate_answers_what_a_create_would_and_writes_nothing(StoreKind store) {
        try (var hub = TestHub.start(store, BENCH_ON)) {
            assertEquals(200, hub.api.put("/v1/feedback-configs/stars", """
                    {"type": "numeric", "min": 1, "max": 5, "allowed_reasons": ["slow", "wrong"]}""").status());
            var outOfConfig = """
                    {"message_id": "m-cfg", "name": "stars", "score": 7, "reasons": ["rude"]}""";

            var valid = hub.api.post("/bench/validate", VOTE);
            var refusedByConfig = hub.api.post("/bench/validate", outOfConfig);
            var malformed = hub.api.post("/bench/validate", "{\"message_id\": ");
            var anonymous = hub.api.withKey(null).post("/bench/validate", VOTE);

            assertEquals(204, valid.status(), valid.body());
            assertEquals(422, refusedByConfig.status(), refusedByConfig.body());
            assertEquals(List.of("score", "reasons[0]"), fields(refusedByConfig));
            assertEquals(fields(hub.api.post("/v1/feedback", outOfConfig)), fields(refusedByConfig), "the same refusal as the real create");
            assertEquals(400, malformed.status(), malformed.body());
            assertEquals(401, anonymous.status(), anonymous.body());
            assertEquals(0, hub.api.get("/v1/feedback").json().get("items").size(), "validate wrote nothing");
        }
    }

    @ParameterizedTest
    @EveryStore
    void raw_insert_commits_one_row_per_call_and_no_feedback(StoreKind store) {
        try (var hub = TestHub.start(store, BENCH_ON)) {
            var first = hub.api.post("/bench/raw-insert", VOTE);
            var second = hub.api.post("/bench/raw-insert", "not even JSON: no semantics");
            var anonymous = hub.api.withKey(null).post("/bench/raw-insert", VOTE);

            assertEquals(201, first.status(), first.body());
            assertEquals(201, second.status(), second.body());
            assertEquals(401, anonymous.status(), anonymous.body());
            assertEquals(List.of(VOTE, "not even JSON: no semantics"), benchRowBodies(hub));
            assertEquals(0, hub.api.get("/v1/feedback").json().get("items").size(), "raw insert wrote no feedback");
        }
    }

    @Test
    void the_setting_takes_only_true_or_false() {
        var refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.feedbackhub.app.Config.from(Map.of("FEEDBACK_HUB_BENCH_ROUTES", "yes")));
        assertEquals("FEEDBACK_HUB_BENCH_ROUTES must be true or false, got \"yes\"", refused.getMessage());
    }

    private static List<String> fields(io.feedbackhub.testing.Api.Response response) {
        var fields = new ArrayList<String>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private static int tablesNamedBenchRows(TestHub hub) {
        var sql = hub.kind() == StoreKind.POSTGRES
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'bench_rows'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'bench_rows'";
        return hub.hub().database().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** In id order, which is insertion order (UUIDv7). */
    private static List<String> benchRowBodies(TestHub hub) {
        return hub.hub().database().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT body FROM bench_rows ORDER BY id")) {
                var bodies = new ArrayList<String>();
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
                return bodies;
            }
        });
    }
}
