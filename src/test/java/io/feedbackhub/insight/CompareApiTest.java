package io.feedbackhub.insight;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.HubTest;
import io.feedbackhub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;

import static io.feedbackhub.testing.Ids.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/stats/compare: two cohorts, B − A, checked against published worked examples. */
@HubTest
class CompareApiTest {
    @Parameter
    TestHub hub;
    Api api;

    @BeforeParameterizedClassInvocation
    void start() {
        api = hub.api;
    }

    JsonNode compare(String query) {
        var response = api.get("/v1/stats/compare?" + query);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    /**
     * The worked pooled z-test of usablestats.com ("Ask Stats" question 866): 118 of 3303 against 80 of 3303,
     * z = 2.74195, two-sided p = 0.00611. Here prompt v1 got 118 thumbs up out of 3303, v2 got 80.
     */
    @Test
    void a_prompt_version_comparison_reproduces_a_worked_two_proportion_test() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        bodies.addAll(Feedback.reactions(118, agent, "thumbs_up", "{\"prompt_version\": \"v1\"}"));
        bodies.addAll(Feedback.reactions(3303 - 118, agent, "thumbs_down", "{\"prompt_version\": \"v1\"}"));
        bodies.addAll(Feedback.reactions(80, agent, "thumbs_up", "{\"prompt_version\": \"v2\"}"));
        bodies.addAll(Feedback.reactions(3303 - 80, agent, "thumbs_down", "{\"prompt_version\": \"v2\"}"));
        Feedback.writeAll(api, bodies);

        var c = compare("agent_id=" + agent + "&a.metadata.prompt_version=v1&b.metadata.prompt_version=v2");

        assertEquals(3303, c.get("a").get("total").asInt());
        assertEquals("{\"agent_id\":\"" + agent + "\",\"metadata.prompt_version\":\"v2\"}", c.get("b").get("filters").toString());
        var rate = c.get("positive_rate");
        assertEquals(-0.01150, rate.get("difference").asDouble(), 5e-6);
        assertEquals(-2.74195, rate.get("z").asDouble(), 5e-4);
        assertEquals(0.00611, rate.get("p_value").asDouble(), 5e-6);
        // unpooled: sqrt(0.0357251 * 0.9642749 / 3303 + 0.0242204 * 0.9757796 / 3303) = 0.0041934; -0.0115047 ± 1.95996 * that
        assertEquals(-0.0115047 - 1.95996 * 0.0041934, rate.get("low").asDouble(), 5e-6);
        assertEquals(-0.0115047 + 1.95996 * 0.0041934, rate.get("high").asDouble(), 5e-6);
        // (1.95996 + 0.84162) * 0.0041958 (the pooled standard error)
        assertEquals(0.011755, rate.get("minimum_detectable_effect").asDouble(), 5e-6);
        assertEquals("a_higher", rate.get("conclusion").asText());
        assertTrue(c.get("verdict").asText().startsWith("Positive rate: A is higher (B − A = -1.2 points"), c.get("verdict").asText());
    }

    /**
     * R's {@code t.test(ts1, ts2)} (Welch) as printed in the Cross Validated answer "Welch's t-test confidence
     * interval": t = −1.8325, df = 17.9, p = 0.08356, interval −2.1469104 to 0.1469104 for mean(ts1) − mean(ts2).
     * With A = ts1 and B = ts2 the signs turn. Ten scores a side are too few to conclude anything.
     */
    @Test
    void a_score_comparison_reproduces_rs_welch_test_and_says_the_sample_is_too_small() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        for (int x : new int[]{11, 9, 10, 11, 10, 12, 9, 11, 12, 9}) {
            bodies.add(score(agent, "v1", x));
        }
        for (int x : new int[]{11, 13, 10, 13, 12, 9, 11, 12, 12, 11}) {
            bodies.add(score(agent, "v2", x));
        }
        Feedback.writeAll(api, bodies);

        var c = compare("agent_id=" + agent + "&name=quality&a.metadata.prompt_version=v1&b.metadata.prompt_version=v2");

        var score = c.get("score");
        assertEquals(1.0, score.get("difference").asDouble(), 1e-9);
        assertEquals(1.8325, score.get("t").asDouble(), 5e-5);
        assertEquals(17.9, score.get("df").asDouble(), 0.05);
        assertEquals(0.08356, score.get("p_value").asDouble(), 5e-6);
        assertEquals(-0.1469104, score.get("low").asDouble(), 5e-7);
        assertEquals(2.1469104, score.get("high").asDouble(), 5e-7);
        assertEquals("too_small_to_conclude", score.get("conclusion").asText());
        assertEquals("too small to conclude: A has 10 and B has 10 scored feedback; at least 30 in each are needed.", score.get("summary").asText());
        assertEquals(10.4, c.get("a").get("score").get("mean").asDouble(), 1e-9);
        assertTrue(c.get("positive_rate").get("difference").isNull(), "nothing was rated with a label");
    }

    @Test
    void a_clear_difference_in_large_cohorts_is_called_and_a_small_one_is_not() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        bodies.addAll(Feedback.reactions(60, agent, "thumbs_up", "{\"prompt_version\": \"old\"}"));
        bodies.addAll(Feedback.reactions(40, agent, "thumbs_down", "{\"prompt_version\": \"old\"}"));
        bodies.addAll(Feedback.reactions(85, agent, "thumbs_up", "{\"prompt_version\": \"new\"}"));
        bodies.addAll(Feedback.reactions(15, agent, "thumbs_down", "{\"prompt_version\": \"new\"}"));
        bodies.addAll(Feedback.reactions(62, agent, "thumbs_up", "{\"prompt_version\": \"same\"}"));
        bodies.addAll(Feedback.reactions(38, agent, "thumbs_down", "{\"prompt_version\": \"same\"}"));
        Feedback.writeAll(api, bodies);

        var better = compare("agent_id=" + agent + "&a.metadata.prompt_version=old&b.metadata.prompt_version=new").get("positive_rate");
        var same = compare("agent_id=" + agent + "&a.metadata.prompt_version=old&b.metadata.prompt_version=same").get("positive_rate");

        // 85% against 60%: pooled 0.725, se sqrt(0.725 * 0.275 * 2 / 100) = 0.063143, z = 0.25 / 0.063143 = 3.9593
        assertEquals("b_higher", better.get("conclusion").asText());
        assertEquals(3.9593, better.get("z").asDouble(), 5e-4);
        assertEquals("too_small_to_conclude", same.get("conclusion").asText());
        assertTrue(same.get("summary").asText().startsWith("too small to conclude: the difference is within the noise"), same.get("summary").asText());
    }

    @Test
    void two_date_ranges_compare_as_cohorts() {
        var agent = unique("agent");
        Feedback.writeAll(api, Feedback.reactions(3, agent, "thumbs_up", "{}"));

        var c = compare("agent_id=" + agent + "&a.from=2020-01-01T00:00:00Z&a.to=2020-02-01T00:00:00Z");

        assertEquals(0, c.get("a").get("total").asInt());
        assertEquals("2020-02-01T00:00:00Z", c.get("a").get("to").asText());
        assertEquals(3, c.get("b").get("total").asInt(), "b keeps the default range, the last 30 days");
        assertEquals("too_small_to_conclude", c.get("positive_rate").get("conclusion").asText());
    }

    /**
     * Why B is worse: each reason's share of the rated feedback in A and B, with Newcombe's hybrid score interval of the
     * difference. "outdated" is given by 48 of 80 rated in A and 56 of 70 in B: Newcombe (1998), Stat Med 17:873–890,
     * Table II example (a), 56/70 − 48/80 = +0.2000, method 10 interval 0.0524 to 0.3339. Pooled test: p = 104/150,
     * se = sqrt(p (1 − p) (1/80 + 1/70)) = 0.075467, z = 2.6501, two-sided p = 0.00805.
     */
    @Test
    void each_reason_is_compared_by_its_share_of_rated_feedback_the_one_explaining_the_gap_first() {
        var agent = unique("agent");
        var bodies = new ArrayList<String>();
        bodies.addAll(reasoned(48, agent, "thumbs_down", "[\"outdated\"]", "v2"));
        bodies.addAll(reasoned(8, agent, "thumbs_up", "[\"slow\"]", "v2"));
        bodies.addAll(reasoned(24, agent, "thumbs_up", "[]", "v2"));
        bodies.addAll(reasoned(56, agent, "thumbs_down", "[\"outdated\"]", "v3"));
        bodies.addAll(reasoned(7, agent, "thumbs_up", "[\"slow\"]", "v3"));
        bodies.addAll(reasoned(7, agent, "thumbs_up", "[]", "v3"));
        Feedback.writeAll(api, bodies);

        var c = compare("agent_id=" + agent + "&a.metadata.prompt_version=v2&b.metadata.prompt_version=v3");

        assertEquals("a_higher", c.get("positive_rate").get("conclusion").asText(), "v3: 14 of 70 positive against 32 of 80");
        var outdated = c.get("reasons").get(0);
        assertEquals("outdated", outdated.get("reason").asText());
        assertEquals(48, outdated.get("a").get("count").asInt());
        assertEquals(80, outdated.get("a").get("rated").asInt());
        assertEquals(0.6, outdated.get("a").get("share").asDouble(), 1e-12);
        assertEquals(0.8, outdated.get("b").get("share").asDouble(), 1e-12);
        assertEquals(0.2, outdated.get("difference").asDouble(), 1e-12);
        assertEquals(0.0524, outdated.get("low").asDouble(), 5e-5);
        assertEquals(0.3339, outdated.get("high").asDouble(), 5e-5);
        assertEquals(0.00805, outdated.get("p_value").asDouble(), 5e-5);
        assertEquals("b_higher", outdated.get("conclusion").asText());
        var slow = c.get("reasons").get(1);
        assertEquals("slow", slow.get("reason").asText());
        assertEquals(0.0, slow.get("difference").asDouble(), 1e-12, "8 of 80 and 7 of 70");
        assertEquals("too_small_to_conclude", slow.get("conclusion").asText());
        assertEquals("B is lower mainly because of more \"outdated\" (+20.0 points of rated feedback, 95% interval +5.2 to +33.4 "
                + "points, p = 0.0080).", c.get("reasons_summary").asText());
        assertTrue(c.get("verdict").asText().endsWith("Reasons: " + c.get("reasons_summary").asText()), c.get("verdict").asText());
    }

    /** Stars in one cohort, an unconfigured score in the other: no mean difference, and why; each name on its own. */
    @Test
    void scores_without_a_common_scale_are_not_compared_as_one() {
        var agent = unique("agent");
        var stars = unique("stars");
        assertEquals(200, api.put("/v1/feedback-configs/" + stars, "{\"type\": \"numeric\", \"min\": 1, \"max\": 5}").status());
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            bodies.add(named(agent, stars, 1 + i % 5, "v1"));
            bodies.add(named(agent, "quality", 0.9, "v2"));
            bodies.add(named(agent, stars, 1 + (i + 2) % 5, "v2"));
        }
        Feedback.writeAll(api, bodies);

        var c = compare("agent_id=" + agent + "&a.metadata.prompt_version=v1&b.metadata.prompt_version=v2");

        var score = c.get("score");
        assertTrue(score.get("difference").isNull(), score.toString());
        assertEquals("no_common_scale", score.get("conclusion").asText());
        assertEquals("unknown_scale", score.get("no_common_scale").asText());
        assertTrue(score.get("summary").asText().contains("quality"), score.get("summary").asText());
        assertEquals(2, score.get("by_name").size());
        assertTrue(c.get("b").get("score").get("mean").isNull(), "cohort B mixes the two names");
        var starsOnly = score.get("by_name").get(0).get("name").asText().equals(stars) ? score.get("by_name").get(0) : score.get("by_name").get(1);
        assertEquals(0.0, starsOnly.get("difference").asDouble(), 1e-9, "the same 40 star ratings in both");
    }

    static List<String> reasoned(int n, String agent, String label, String reasons, String version) {
        var bodies = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            bodies.add("""
                    {"agent_id": "%s", "message_id": "%s", "label": "%s", "reasons": %s, "metadata": {"prompt_version": "%s"}}"""
                    .formatted(agent, unique("m"), label, reasons, version));
        }
        return bodies;
    }

    static String named(String agent, String name, double value, String version) {
        return """
                {"agent_id": "%s", "message_id": "%s", "name": "%s", "score": %s, "metadata": {"prompt_version": "%s"}}"""
                .formatted(agent, unique("m"), name, value, version);
    }

    static String score(String agent, String version, double value) {
        return """
                {"agent_id": "%s", "message_id": "%s", "name": "quality", "score": %s, "metadata": {"prompt_version": "%s"}}"""
                .formatted(agent, unique("m"), value, version);
    }
}
