package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.insight.CohortSummary;
import io.feedbackhub.insight.Comparison;
import io.feedbackhub.insight.GroupStats;
import io.feedbackhub.insight.Interval;
import io.feedbackhub.insight.MeanScore;
import io.feedbackhub.insight.PositiveRate;
import io.feedbackhub.insight.StatsFilters;
import io.feedbackhub.insight.StatsResult;

import java.util.List;

/** The JSON of stats and comparisons (snake_case, nulls where a figure does not exist). */
final class InsightJson {
    private InsightJson() {
    }

    static ObjectNode stats(StatsResult r) {
        var o = Json.MAPPER.createObjectNode();
        o.put("from", r.from().toString());
        o.put("to", r.to().toString());
        o.put("tz", r.zone().getId());
        var groupBy = o.putArray("group_by");
        r.groupBy().forEach(d -> groupBy.add(d.wire()));
        filters(o.putObject("filters"), r.filters());
        group(o.putObject("overall"), r.overall());
        var groups = o.putArray("groups");
        for (var g : r.groups()) {
            var node = groups.addObject();
            var key = node.putObject("key");
            for (int i = 0; i < r.groupBy().size(); i++) {
                key.put(r.groupBy().get(i).wire(), g.key().get(i));
            }
            group(node, g);
        }
        var notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        return o;
    }

    private static void filters(ObjectNode o, StatsFilters f) {
        f.asMap().forEach(o::put);
    }

    private static void group(ObjectNode o, GroupStats g) {
        o.put("total", g.total());
        var labels = o.putObject("labels");
        g.labels().forEach(labels::put);
        o.put("unlabeled", g.unlabeled());
        positiveRate(o.putObject("positive_rate"), g.positiveRate());
        score(o.putObject("score"), g.score());
        o.putObject("comments").put("count", g.commented()).put("share", g.commentShare());
        if (g.topReasons() == null) {
            o.putNull("top_reasons");
        } else {
            var reasons = o.putArray("top_reasons");
            g.topReasons().forEach(r -> reasons.addObject().put("reason", r.reason()).put("count", r.count()));
        }
    }

    private static void positiveRate(ObjectNode o, PositiveRate p) {
        o.put("rate", p.rate());
        interval(o, p.interval());
        o.put("positive", p.positive()).put("negative", p.negative()).put("rated", p.rated());
    }

    private static void score(ObjectNode o, MeanScore s) {
        o.put("mean", s.mean());
        interval(o, s.interval());
        o.put("count", s.count());
        o.put("standard_deviation", s.standardDeviation());
    }

    private static void interval(ObjectNode o, Interval i) {
        o.put("low", i == null ? null : i.low());
        o.put("high", i == null ? null : i.high());
    }

    static ObjectNode comparison(Comparison c) {
        var o = Json.MAPPER.createObjectNode();
        cohort(o.putObject("a"), c.a());
        cohort(o.putObject("b"), c.b());
        var rate = o.putObject("positive_rate");
        var r = c.rate();
        rate.put("difference", r == null ? null : r.difference());
        interval(rate, r == null ? null : r.interval());
        rate.put("z", r == null ? null : r.z());
        rate.put("p_value", r == null ? null : r.pValue());
        rate.put("minimum_detectable_effect", r == null ? null : r.minimumDetectableEffect());
        rate.put("conclusion", c.rateConclusion().wire());
        rate.put("summary", c.rateSummary());
        var score = o.putObject("score");
        var s = c.score();
        score.put("difference", s == null ? null : s.difference());
        interval(score, s == null ? null : s.interval());
        score.put("t", s == null ? null : s.t());
        score.put("df", s == null ? null : s.degreesOfFreedom());
        score.put("p_value", s == null ? null : s.pValue());
        score.put("minimum_detectable_effect", s == null ? null : s.minimumDetectableEffect());
        score.put("conclusion", c.scoreConclusion().wire());
        score.put("summary", c.scoreSummary());
        o.put("verdict", c.verdict());
        return o;
    }

    private static void cohort(ObjectNode o, CohortSummary c) {
        o.put("from", c.from().toString());
        o.put("to", c.to().toString());
        filters(o.putObject("filters"), c.cohort().filters());
        o.put("total", c.total());
        positiveRate(o.putObject("positive_rate"), c.positiveRate());
        score(o.putObject("score"), c.score());
    }

    static ObjectNode consistency(List<String> mismatches, int shown, java.time.Instant checkedAt) {
        var o = Json.MAPPER.createObjectNode();
        o.put("consistent", mismatches.isEmpty());
        o.put("mismatch_count", mismatches.size());
        var list = o.putArray("mismatches");
        mismatches.stream().limit(shown).forEach(list::add);
        o.put("checked_at", checkedAt.toString());
        return o;
    }
}
