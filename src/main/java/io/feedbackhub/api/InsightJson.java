package io.feedbackhub.api;

import io.feedbackhub.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.insight.CohortSummary;
import io.feedbackhub.insight.Comparison;
import io.feedbackhub.insight.GroupStats;
import io.feedbackhub.insight.Interval;
import io.feedbackhub.insight.MeanScore;
import io.feedbackhub.insight.PositiveRate;
import io.feedbackhub.insight.Scale;
import io.feedbackhub.insight.ScoreMeans;
import io.feedbackhub.insight.StatsFilters;
import io.feedbackhub.insight.StatsResult;
import io.feedbackhub.insight.ScoreDifference;

import java.util.List;

/** The JSON of stats and comparisons (snake_case, nulls where a figure does not exist). */
final class InsightJson {
    private InsightJson() {
    }

    static ObjectNode stats(StatsResult r) {
        var o = Json.object();
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
        score(o.putObject("score"), g.score(), g.means());
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

    /** The overall mean (null without a common scale), what it is measured on, and each name's own mean. */
    private static void score(ObjectNode o, MeanScore s, ScoreMeans means) {
        score(o, s);
        basis(o, means.basis());
        var byName = o.putArray("by_name");
        for (var m : means.byName()) {
            var n = byName.addObject().put("name", m.name());
            score(n, m.mean());
            scale(n, m.scale());
        }
        if (means.noOverallReason() == null) {
            o.putNull("no_overall_mean");
        } else {
            o.putObject("no_overall_mean").put("reason", means.noOverallReason()).put("message", means.noOverallMessage());
        }
    }

    private static void basis(ObjectNode o, ScoreMeans.Basis basis) {
        if (basis == null) {
            o.putNull("scale");
            return;
        }
        var scale = o.putObject("scale");
        scale.put("type", basis.normalized() ? "normalized" : "name");
        scale.put("name", basis.name());
        scale.put("min", basis.scale() == null ? null : basis.scale().min());
        scale.put("max", basis.scale() == null ? null : basis.scale().max());
    }

    private static void scale(ObjectNode o, Scale scale) {
        o.put("scale_min", scale == null ? null : scale.min());
        o.put("scale_max", scale == null ? null : scale.max());
    }

    static void interval(ObjectNode o, Interval i) {
        o.put("low", i == null ? null : i.low());
        o.put("high", i == null ? null : i.high());
    }

    static ObjectNode comparison(Comparison c) {
        var o = Json.object();
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
        welch(score, c.score(), c.scoreConclusion(), c.scoreSummary());
        basis(score, c.scoreBasis());
        score.put("no_common_scale", c.scoreNoCommonReason());
        var byName = score.putArray("by_name");
        c.scoreByName().forEach(n -> welch(byName.addObject().put("name", n.name()), n.test(), n.conclusion(), n.summary()));
        var reasons = o.putArray("reasons");
        for (var d : c.reasons()) {
            var node = reasons.addObject().put("reason", d.reason());
            node.putObject("a").put("count", d.withReasonA()).put("rated", d.ratedA()).put("share", d.shareA());
            node.putObject("b").put("count", d.withReasonB()).put("rated", d.ratedB()).put("share", d.shareB());
            node.put("difference", d.difference());
            interval(node, d.interval());
            node.put("p_value", d.pValue());
            node.put("conclusion", d.conclusion().wire());
        }
        o.put("reasons_summary", c.reasonsSummary());
        o.put("verdict", c.verdict());
        return o;
    }

    private static void welch(ObjectNode o, ScoreDifference s, Comparison.Conclusion conclusion, String summary) {
        o.put("difference", s == null ? null : s.difference());
        interval(o, s == null ? null : s.interval());
        o.put("t", s == null ? null : s.t());
        o.put("df", s == null ? null : s.degreesOfFreedom());
        o.put("p_value", s == null ? null : s.pValue());
        o.put("minimum_detectable_effect", s == null ? null : s.minimumDetectableEffect());
        o.put("conclusion", conclusion.wire());
        o.put("summary", summary);
    }

    private static void cohort(ObjectNode o, CohortSummary c) {
        o.put("from", c.from().toString());
        o.put("to", c.to().toString());
        filters(o.putObject("filters"), c.cohort().filters());
        o.put("total", c.total());
        positiveRate(o.putObject("positive_rate"), c.positiveRate());
        score(o.putObject("score"), c.score(), c.means());
    }

    static ObjectNode consistency(List<String> mismatches, int shown, java.time.Instant checkedAt) {
        var o = Json.object();
        o.put("consistent", mismatches.isEmpty());
        o.put("mismatch_count", mismatches.size());
        var list = o.putArray("mismatches");
        mismatches.stream().limit(shown).forEach(list::add);
        o.put("checked_at", checkedAt.toString());
        return o;
    }
}
