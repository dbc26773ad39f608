package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.insight.Feedback.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/stats: every figure checked against values worked out by hand. */
@ParameterizedClass
@EnumSource(StoreKind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsApiTest {
    static final double EXACT = 1e-9;

    @Parameter
    StoreKind store;

    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start(StoreKind store) {
        hub = TestHub.start(store);
        api = hub.api;
    }

    @AfterParameterizedClassInvocation
    void stop() {
        hub.close();
    }

    /** Seven judgments of one agent whose every figure is worked out in the comments of the test below. */
    List<String> sevenJudgments(String agent) {
        return List.of(
                """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "comment": "great", "source_surface": "web"}""",
                """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up", "reasons": ["fast"], "source_surface": "web"}""",
                """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_down", "comment": "wrong", "reasons": ["wrong", "outdated"], "source_surface": "mobile"}""",
                """
                {"agent_id": "%s", "message_id": "%s", "label": "flagged", "reasons": ["wrong"], "source_surface": "mobile"}""",
                """
                {"agent_id": "%s", "message_id": "%s", "name": "accuracy", "score": 0.25, "source_surface": "web"}""",
                """
                {"agent_id": "%s", "message_id": "%s", "name": "accuracy", "score": 0.75, "correction": "The refund takes 5 days."}""",
                """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_down", "comment": "  ", "correction": "Use the new form."}"""
        ).stream().map(body -> body.formatted(agent, unique("m"))).toList();
    }

    JsonNode stats(String query) {
        var response = api.get("/v1/stats?" + query);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    static JsonNode group(JsonNode stats, String dimension, String value) {
        for (var g : stats.get("groups")) {
            var key = g.get("key").get(dimension);
            if (value == null ? key.isNull() : value.equals(key.asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + dimension + "=" + value + " in " + stats);
    }

    @Test
    void totals_labels_rates_scores_comments_and_reasons_match_a_count_by_hand() {
        var agent = unique("agent");
        Feedback.writeAll(api, sevenJudgments(agent));

        var overall = stats("agent_id=" + agent).get("overall");

        assertEquals(7, overall.get("total").asInt());
        assertEquals("{\"thumbs_down\":2,\"thumbs_up\":2,\"flagged\":1}", overall.get("labels").toString());
        assertEquals(2, overall.get("unlabeled").asInt(), "the two accuracy scores carry no label");
        // rated: 2 up; 2 down + 1 flagged = 3 negative. Wilson(2 of 5): centre (0.4 + 1.9600²/10) / (1 + 1.9600²/5)
        // = 0.44345, half-width 1.9600 / 1.76829 * sqrt(0.4 * 0.6 / 5 + 1.9600² / 100) = 0.32583
        var rate = overall.get("positive_rate");
        assertEquals(2, rate.get("positive").asInt());
        assertEquals(3, rate.get("negative").asInt());
        assertEquals(0.4, rate.get("rate").asDouble(), EXACT);
        assertEquals(0.1176, rate.get("low").asDouble(), 5e-5);
        assertEquals(0.7693, rate.get("high").asDouble(), 5e-5);
        // scores: 1 and 1 (thumbs up), 0 (the thumbs down without a correction), 0.25; flagged has no score and the
        // two corrections are kept out. Mean 0.5625, s = sqrt(0.796875 / 3) = 0.51539, t(0.975, 3) = 3.18245,
        // half-width 3.18245 * 0.51539 / 2 = 0.82011
        var score = overall.get("score");
        assertEquals(4, score.get("count").asInt());
        assertEquals(0.5625, score.get("mean").asDouble(), EXACT);
        assertEquals(0.51539, score.get("standard_deviation").asDouble(), 5e-6);
        assertEquals(0.5625 - 0.82011, score.get("low").asDouble(), 5e-5);
        assertEquals(0.5625 + 0.82011, score.get("high").asDouble(), 5e-5);
        // "great" and "wrong"; a blank comment is no comment
        assertEquals(2, overall.get("comments").get("count").asInt());
        assertEquals(2 / 7.0, overall.get("comments").get("share").asDouble(), EXACT);
        assertEquals("[{\"reason\":\"wrong\",\"count\":2},{\"reason\":\"fast\",\"count\":1},{\"reason\":\"outdated\",\"count\":1}]",
                overall.get("top_reasons").toString());
    }

    @Test
    void top_reasons_can_be_shortened_or_left_out() {
        var agent = unique("agent");
        Feedback.writeAll(api, sevenJudgments(agent));

        var two = stats("agent_id=" + agent + "&top_reasons=2").get("overall").get("top_reasons");
        var none = stats("agent_id=" + agent + "&top_reasons=0").get("overall").get("top_reasons");

        assertEquals("[{\"reason\":\"wrong\",\"count\":2},{\"reason\":\"fast\",\"count\":1}]", two.toString());
        assertTrue(none.isNull(), none.toString());
    }

    @Test
    void groups_split_the_same_counts_and_rank_the_largest_first() {
        var agent = unique("agent");
        Feedback.writeAll(api, sevenJudgments(agent));

        var bySurfaceAndName = stats("agent_id=" + agent + "&group_by=source_surface,name");

        var groups = bySurfaceAndName.get("groups");
        var keys = new ArrayList<String>();
        groups.forEach(g -> keys.add(g.get("key").toString()));
        assertEquals(List.of(
                "{\"source_surface\":\"mobile\",\"name\":\"reaction\"}",
                "{\"source_surface\":\"web\",\"name\":\"reaction\"}",
                "{\"source_surface\":null,\"name\":\"accuracy\"}",
                "{\"source_surface\":null,\"name\":\"reaction\"}",
                "{\"source_surface\":\"web\",\"name\":\"accuracy\"}"), keys, "largest first, ties by key with absent values first");
        var mobile = groups.get(0);
        assertEquals(2, mobile.get("total").asInt());
        assertEquals(0, mobile.get("positive_rate").get("positive").asInt());
        assertEquals(2, mobile.get("positive_rate").get("negative").asInt());
        assertEquals(1, mobile.get("comments").get("count").asInt());
        assertEquals("[{\"reason\":\"wrong\",\"count\":2},{\"reason\":\"outdated\",\"count\":1}]", mobile.get("top_reasons").toString());
        assertEquals("[]", groups.get(2).get("top_reasons").toString(), "reasons are counted, and there are none");
        assertEquals(7, bySurfaceAndName.get("overall").get("total").asInt());
    }

    @Test
    void grouping_by_reason_counts_a_feedback_once_per_reason() {
        var agent = unique("agent");
        Feedback.writeAll(api, sevenJudgments(agent));

        var byReason = stats("agent_id=" + agent + "&group_by=reason");

        assertEquals(2, group(byReason, "reason", "wrong").get("total").asInt());
        assertEquals(1, group(byReason, "reason", "outdated").get("total").asInt());
        assertEquals(1, group(byReason, "reason", "fast").get("positive_rate").get("positive").asInt());
        assertEquals(3, byReason.get("groups").size());
        assertEquals(7, byReason.get("overall").get("total").asInt(), "overall still counts each feedback once");
        assertTrue(byReason.get("notes").toString().contains("counts once in each"), byReason.get("notes").toString());
    }

    @Test
    void a_metadata_grouping_or_filter_reads_that_keys_cohorts() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        bodies.addAll(Feedback.reactions(3, agent, "thumbs_up", "{\"prompt_version\": \"v1\", \"model\": \"a\"}"));
        bodies.addAll(Feedback.reactions(1, agent, "thumbs_down", "{\"prompt_version\": \"v1\"}"));
        bodies.addAll(Feedback.reactions(2, agent, "thumbs_down", "{\"prompt_version\": \"v2\"}"));
        bodies.addAll(Feedback.reactions(4, agent, "thumbs_up", "{}"));
        Feedback.writeAll(api, bodies);

        var byVersion = stats("agent_id=" + agent + "&group_by=metadata.prompt_version");
        var v1ByLabel = stats("agent_id=" + agent + "&metadata.prompt_version=v1&group_by=label");

        assertEquals(2, byVersion.get("groups").size(), "feedback without the key is in no group");
        assertEquals(0.75, group(byVersion, "metadata.prompt_version", "v1").get("positive_rate").get("rate").asDouble(), EXACT);
        assertEquals(0.0, group(byVersion, "metadata.prompt_version", "v2").get("positive_rate").get("rate").asDouble(), EXACT);
        assertEquals(10, byVersion.get("overall").get("total").asInt());
        assertEquals(3, group(v1ByLabel, "label", "thumbs_up").get("total").asInt());
        assertEquals(1, group(v1ByLabel, "label", "thumbs_down").get("total").asInt());
        assertEquals(4, v1ByLabel.get("overall").get("total").asInt());
        assertEquals("{\"agent_id\":\"" + agent + "\",\"metadata.prompt_version\":\"v1\"}", v1ByLabel.get("filters").toString());
        assertTrue(v1ByLabel.get("overall").get("top_reasons").isNull(), "reasons are not split by metadata");
        assertTrue(v1ByLabel.get("notes").toString().contains("top_reasons is null"), v1ByLabel.get("notes").toString());
    }

    /** Newcombe (1998), Stat Med 17:857–872, Table I: 81 of 263, Wilson score interval 0.2553 to 0.3662. */
    @Test
    void the_positive_rate_carries_the_wilson_interval_of_newcombes_example() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        bodies.addAll(Feedback.reactions(81, agent, "thumbs_up", "{}"));
        bodies.addAll(Feedback.reactions(182, agent, "thumbs_down", "{}"));
        Feedback.writeAll(api, bodies);

        var rate = stats("agent_id=" + agent).get("overall").get("positive_rate");

        assertEquals(263, rate.get("rated").asInt());
        assertEquals(81 / 263.0, rate.get("rate").asDouble(), EXACT);
        assertEquals(0.2553, rate.get("low").asDouble(), 5e-5);
        assertEquals(0.3662, rate.get("high").asDouble(), 5e-5);
    }

    @Test
    void days_are_the_callers_local_days() {
        var agent = unique("agent");
        var created = Instant.parse(Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up"}""".formatted(agent, unique("m"))).get("created_at").asText());

        var east = stats("agent_id=" + agent + "&group_by=day&tz=Pacific/Kiritimati");
        var west = stats("agent_id=" + agent + "&group_by=week&tz=Pacific/Pago_Pago");
        var month = stats("agent_id=" + agent + "&group_by=month&tz=UTC");

        assertEquals(created.atZone(ZoneId.of("Pacific/Kiritimati")).toLocalDate().toString(),
                east.get("groups").get(0).get("key").get("day").asText(), "UTC+14");
        assertEquals(created.atZone(ZoneId.of("Pacific/Pago_Pago")).toLocalDate()
                        .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toString(),
                west.get("groups").get(0).get("key").get("week").asText(), "UTC-11, weeks start on Monday");
        assertEquals(created.atZone(ZoneId.of("UTC")).toLocalDate().withDayOfMonth(1).toString(),
                month.get("groups").get(0).get("key").get("month").asText());
        assertEquals("Pacific/Kiritimati", east.get("tz").asText());
    }

    @Test
    void the_range_is_read_in_whole_utc_hours_and_excludes_what_lies_outside() {
        var agent = unique("agent");
        Feedback.write(api, """
                {"agent_id": "%s", "message_id": "%s", "label": "thumbs_up"}""".formatted(agent, unique("m")));

        var past = stats("agent_id=" + agent + "&from=2020-01-01T00:10:00Z&to=2020-01-02T00:00:00Z");

        assertEquals(0, past.get("overall").get("total").asInt());
        assertEquals("2020-01-01T00:00:00Z", past.get("from").asText());
        assertEquals("[]", past.get("groups").toString());
        assertTrue(past.get("notes").toString().contains("widened to whole hours"), past.get("notes").toString());
        assertEquals(1, stats("agent_id=" + agent).get("overall").get("total").asInt(), "the default range is the last 30 days");
    }

    @Test
    void another_tenant_sees_none_of_these_stats() {
        var agent = unique("agent");
        Feedback.writeAll(api, sevenJudgments(agent));

        var other = hub.otherTenant().get("/v1/stats?agent_id=" + agent);

        assertEquals(200, other.status(), other.body());
        assertEquals(0, other.json().get("overall").get("total").asInt());
    }
}
