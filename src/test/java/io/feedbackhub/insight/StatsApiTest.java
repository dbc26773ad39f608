package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/stats: every figure checked against values worked out by hand. */
@HubTest
class StatsApiTest {
    static final double EXACT = 1e-9;

    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
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
        // scores: reaction 1 and 1 (thumbs up), 0 (the thumbs down without a correction); accuracy 0.25; flagged has no
        // score and the two corrections are kept out. Two names without a configured range: no overall mean (their
        // scales may differ), each name's own. reaction: mean 2/3, s = sqrt((2 * (1/3)² + (2/3)²) / 2) = 0.57735,
        // t(0.975, 2) = 4.30265, half-width 4.30265 * 0.57735 / sqrt(3) = 1.43422
        var score = overall.get("score");
        assertEquals(4, score.get("count").asInt());
        assertTrue(score.get("mean").isNull(), score.toString());
        assertEquals("unknown_scale", score.get("no_overall_mean").get("reason").asText());
        assertTrue(score.get("no_overall_mean").get("message").asText().contains("accuracy, reaction"), score.toString());
        var reaction = score.get("by_name").get(0);
        assertEquals("reaction", reaction.get("name").asText());
        assertEquals(3, reaction.get("count").asInt());
        assertEquals(2 / 3.0, reaction.get("mean").asDouble(), EXACT);
        assertEquals(0.57735, reaction.get("standard_deviation").asDouble(), 5e-6);
        assertEquals(2 / 3.0 - 1.43422, reaction.get("low").asDouble(), 5e-5);
        assertEquals(2 / 3.0 + 1.43422, reaction.get("high").asDouble(), 5e-5);
        assertEquals(0.25, score.get("by_name").get(1).get("mean").asDouble(), EXACT);
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
        assertEquals("[]", v1ByLabel.get("overall").get("top_reasons").toString(), "reasons are counted within a metadata value; none given");
    }

    /** Reasons crossed with a metadata key: filter by one value and group by reason, or group by both. */
    @Test
    void reasons_and_chunks_break_down_by_any_metadata_key() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            bodies.add(judged(agent, "thumbs_down", "[\"outdated\", \"wrong\"]", "v3", "doc-1"));
        }
        bodies.add(judged(agent, "thumbs_down", "[\"outdated\"]", "v3", "doc-2"));
        bodies.add(judged(agent, "thumbs_up", "[\"fast\"]", "v3", null));
        bodies.add(judged(agent, "thumbs_down", "[\"wrong\"]", "v2", "doc-1"));
        bodies.add(judged(agent, "thumbs_up", "[\"fast\"]", "v2", null));
        bodies.add(judged(agent, "thumbs_down", "[\"outdated\"]", null, null));
        Feedback.writeAll(api, bodies);

        var v3ByReason = stats("agent_id=" + agent + "&metadata.prompt_version=v3&group_by=reason");
        var byVersionAndReason = stats("agent_id=" + agent + "&group_by=metadata.prompt_version,reason");
        var byVersion = stats("agent_id=" + agent + "&group_by=metadata.prompt_version");
        var v3ByChunk = stats("agent_id=" + agent + "&metadata.prompt_version=v3&group_by=content_id");

        assertEquals(4, group(v3ByReason, "reason", "outdated").get("total").asInt());
        assertEquals(4, group(v3ByReason, "reason", "outdated").get("positive_rate").get("negative").asInt());
        assertEquals(3, group(v3ByReason, "reason", "wrong").get("total").asInt());
        assertEquals(1, group(v3ByReason, "reason", "fast").get("positive_rate").get("positive").asInt());
        assertEquals(3, v3ByReason.get("groups").size());
        assertEquals(5, v3ByReason.get("overall").get("total").asInt(), "overall counts each v3 feedback once");
        var keys = new ArrayList<String>();
        byVersionAndReason.get("groups").forEach(g -> keys.add(g.get("key").toString() + "=" + g.get("total").asInt()));
        assertEquals(List.of(
                "{\"metadata.prompt_version\":\"v3\",\"reason\":\"outdated\"}=4",
                "{\"metadata.prompt_version\":\"v3\",\"reason\":\"wrong\"}=3",
                "{\"metadata.prompt_version\":\"v2\",\"reason\":\"fast\"}=1",
                "{\"metadata.prompt_version\":\"v2\",\"reason\":\"wrong\"}=1",
                "{\"metadata.prompt_version\":\"v3\",\"reason\":\"fast\"}=1"), keys);
        assertEquals(8, byVersionAndReason.get("overall").get("total").asInt());
        assertEquals("[{\"reason\":\"outdated\",\"count\":4},{\"reason\":\"wrong\",\"count\":3},{\"reason\":\"fast\",\"count\":1}]",
                group(byVersion, "metadata.prompt_version", "v3").get("top_reasons").toString());
        assertEquals("[{\"reason\":\"fast\",\"count\":1},{\"reason\":\"wrong\",\"count\":1}]",
                group(byVersion, "metadata.prompt_version", "v2").get("top_reasons").toString());
        assertEquals(3, group(v3ByChunk, "content_id", "doc-1").get("total").asInt());
        assertEquals(1, group(v3ByChunk, "content_id", "doc-2").get("total").asInt());
        assertEquals(2, v3ByChunk.get("groups").size());
    }

    @Test
    void two_metadata_keys_or_reasons_with_chunks_are_refused_with_the_reason() {
        var response = api.get("/v1/stats?metadata.prompt_version=v3&group_by=metadata.model");
        var mixed = api.get("/v1/stats?group_by=reason,content_id");

        assertEquals(422, response.status(), response.body());
        assertTrue(response.body().contains("never two metadata keys"), response.body());
        assertEquals(422, mixed.status(), mixed.body());
        assertTrue(mixed.body().contains("nor reasons with content ids"), mixed.body());
    }

    /** Stars 1–5, a judge 0–1 and a thumbs name without config: means per name, normalised only where every range is known. */
    @Test
    void means_never_mix_scales() {
        var agent = unique("agent");
        var stars = unique("stars");
        var judge = unique("judge");
        var thumbs = unique("thumbs");
        setConfig(stars, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}");
        setConfig(judge, "{\"type\": \"numeric\", \"min\": 0, \"max\": 1}");
        var bodies = new ArrayList<String>();
        for (double x : new double[]{1, 2, 4, 5}) {
            bodies.add(scored(agent, stars, x));
        }
        for (double x : new double[]{0.5, 1.0}) {
            bodies.add(scored(agent, judge, x));
        }
        bodies.add("""
                {"agent_id": "%s", "message_id": "%s", "name": "%s", "label": "thumbs_up"}""".formatted(agent, unique("m"), thumbs));
        Feedback.writeAll(api, bodies);

        var starsOnly = stats("agent_id=" + agent + "&name=" + stars).get("overall").get("score");
        var byName = stats("agent_id=" + agent + "&group_by=name");
        var everything = stats("agent_id=" + agent);

        // one name: its own scale, mean 3 of 1–5
        assertEquals(3.0, starsOnly.get("mean").asDouble(), EXACT);
        assertEquals("name", starsOnly.get("scale").get("type").asText());
        assertEquals(5.0, starsOnly.get("scale").get("max").asDouble(), EXACT);
        assertEquals(3.0, group(byName, "name", stars).get("score").get("mean").asDouble(), EXACT);
        // three names, one without range (thumbs scores 1 from its label): per-name means only, and why
        var all = everything.get("overall").get("score");
        assertTrue(all.get("mean").isNull(), all.toString());
        assertEquals("unknown_scale", all.get("no_overall_mean").get("reason").asText());
        assertEquals(3, all.get("by_name").size());
        assertTrue(everything.get("notes").toString().contains("No overall mean score"), everything.get("notes").toString());
        // with thumbs configured as a reaction (0–1), every name has a range: stars 0, 0.25, 0.75, 1, judge 0.5, 1 and
        // thumbs 1 on [0, 1], mean 4.5 / 7
        setConfig(thumbs, "{\"type\": \"reaction\"}");
        var normalised = stats("agent_id=" + agent).get("overall").get("score");
        assertEquals(4.5 / 7, normalised.get("mean").asDouble(), EXACT);
        assertEquals("normalized", normalised.get("scale").get("type").asText());
        assertTrue(normalised.get("no_overall_mean").isNull());
    }

    /** 1–2 of 5 stars are negative, 3 neutral, 4–5 positive; a flag is negative; the rule follows the config. */
    @Test
    void where_a_score_is_negative_is_decided_by_its_names_config() {
        var agent = unique("agent");
        var stars = unique("stars");
        setConfig(stars, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}");
        var written = Feedback.writeAll(api, List.of(scored(agent, stars, 1), scored(agent, stars, 2), scored(agent, stars, 3),
                scored(agent, stars, 4), scored(agent, stars, 5), """
                {"agent_id": "%s", "message_id": "%s", "name": "%s", "label": "flagged", "score": 5}""".formatted(agent, unique("m"), stars)));

        var rate = stats("agent_id=" + agent).get("overall").get("positive_rate");
        var two = api.get("/v1/feedback/" + written.get(1).get("id").asText()).json();
        var three = api.get("/v1/feedback/" + written.get(2).get("id").asText()).json();

        assertEquals(2, rate.get("positive").asInt());
        assertEquals(3, rate.get("negative").asInt(), "1 and 2 stars, and the flag whatever its score");
        assertEquals("negative", written.get(1).get("polarity").asText(), "the write's answer says it too");
        assertEquals("negative", two.get("polarity").asText());
        assertEquals("neutral", three.get("polarity").asText());
        assertEquals("positive", written.get(4).get("polarity").asText());
        assertEquals("negative", written.get(5).get("polarity").asText());

        // the same scores on a 1–3 scale: 1 negative, 2 neutral, 3, 4 and 5 positive (the rollups are recounted)
        setConfig(stars, "{\"type\": \"numeric\", \"min\": 1, \"max\": 3}");
        var after = stats("agent_id=" + agent).get("overall").get("positive_rate");

        assertEquals(3, after.get("positive").asInt());
        assertEquals(2, after.get("negative").asInt());
        assertEquals("neutral", api.get("/v1/feedback/" + written.get(1).get("id").asText()).json().get("polarity").asText());
        var consistency = api.get("/v1/stats/consistency").json();
        assertTrue(consistency.get("consistent").asBoolean(), consistency.toString());

        // without a range no score has a polarity; labels keep theirs
        assertEquals(204, api.delete("/v1/feedback-configs/" + stars).status());
        var none = stats("agent_id=" + agent).get("overall").get("positive_rate");
        assertEquals(0, none.get("positive").asInt());
        assertEquals(1, none.get("negative").asInt(), "the flag");
        assertTrue(api.get("/v1/feedback/" + written.get(0).get("id").asText()).json().get("polarity").isNull());
        assertTrue(api.get("/v1/stats/consistency").json().get("consistent").asBoolean());
    }

    void setConfig(String name, String body) {
        var response = api.put("/v1/feedback-configs/" + name, body);
        assertEquals(200, response.status(), response.body());
    }

    static String scored(String agent, String name, double score) {
        return """
                {"agent_id": "%s", "message_id": "%s", "name": "%s", "score": %s}""".formatted(agent, unique("m"), name, score);
    }

    static String judged(String agent, String label, String reasons, String version, String content) {
        return """
                {"agent_id": "%s", "message_id": "%s", "label": "%s", "reasons": %s, "metadata": %s%s}""".formatted(agent, unique("m"),
                label, reasons, version == null ? "{}" : "{\"prompt_version\": \"" + version + "\"}",
                content == null ? "" : ", \"content_id\": \"" + content + "\"");
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
