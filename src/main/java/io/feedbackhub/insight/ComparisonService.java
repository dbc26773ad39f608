package io.feedbackhub.insight;

import io.feedbackhub.insight.Comparison.Conclusion;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two cohorts (two prompt versions, two agents, two date ranges) from the rollups: two reads, one per
 * cohort. A difference is called only when both cohorts are big enough (at least {@link #MIN_SAMPLE} rated or
 * scored feedback each, below which the normal approximations behind the intervals are not trustworthy) and
 * the 95 % interval of the difference excludes zero and p < 0.05; otherwise the verdict is "too small to conclude",
 * with the minimum detectable effect telling how large a difference these sample sizes could have shown.
 */
public final class ComparisonService {
    public static final int MIN_SAMPLE = 30;
    static final double ALPHA = 0.05;

    private final StatsService stats;

    public ComparisonService(StatsService stats) {
        this.stats = stats;
    }

    public Comparison compare(String tenantId, Cohort a, Cohort b) {
        var pendingA = stats.totalByNameAsync(tenantId, a.from(), a.to(), a.filters());
        var reasonsA = stats.reasonsAsync(tenantId, a.from(), a.to(), a.filters());
        var reasonsB = stats.reasonsAsync(tenantId, b.from(), b.to(), b.filters());
        var scales = stats.scales(tenantId);
        var byNameB = stats.totalByName(tenantId, b.from(), b.to(), b.filters());
        var byNameA = StatsService.await(pendingA);
        var countsA = sum(byNameA);
        var countsB = sum(byNameB);
        var summaryA = summary(a, countsA, byNameA, scales);
        var summaryB = summary(b, countsB, byNameB, scales);

        var rate = RateDifference.of(countsA.positive(), summaryA.positiveRate().rated(), countsB.positive(), summaryB.positiveRate().rated());
        long ratedA = summaryA.positiveRate().rated();
        long ratedB = summaryB.positiveRate().rated();
        var rateConclusion = rate == null ? Conclusion.TOO_SMALL_TO_CONCLUDE
                : conclude(ratedA, ratedB, rate.difference(), rate.interval(), rate.pValue());
        var rateSummary = rateSummary(rate, rateConclusion, ratedA, ratedB);

        // scores: one basis for both cohorts (one name, or all normalised), else each name apart
        var scored = new java.util.TreeSet<String>();
        byNameA.forEach((n, c) -> { if (c.scoreN() > 0) scored.add(n); });
        byNameB.forEach((n, c) -> { if (c.scoreN() > 0) scored.add(n); });
        var basis = ScoreMeans.basis(scored, scales);
        ScoreDifference score = null;
        Conclusion scoreConclusion;
        String scoreSummary;
        String noCommon = null;
        if (basis == null && !scored.isEmpty()) {
            noCommon = ScoreMeans.UNKNOWN_SCALE;
            scoreConclusion = Conclusion.NO_COMMON_SCALE;
            scoreSummary = "not compared: " + ScoreMeans.whyNoMean(scored, scales);
        } else {
            var mA = basis == null ? RollupCounts.ZERO : ScoreMeans.moments(basis, only(byNameA, scored), scales);
            var mB = basis == null ? RollupCounts.ZERO : ScoreMeans.moments(basis, only(byNameB, scored), scales);
            score = ScoreDifference.of(mA.scoreN(), mA.scoreSum(), mA.scoreSq(), mB.scoreN(), mB.scoreSum(), mB.scoreSq());
            scoreConclusion = score == null ? Conclusion.TOO_SMALL_TO_CONCLUDE
                    : conclude(mA.scoreN(), mB.scoreN(), score.difference(), score.interval(), score.pValue());
            scoreSummary = scoreSummary(score, scoreConclusion, mA.scoreN(), mB.scoreN());
        }
        var perName = new java.util.ArrayList<ScoreComparison>();
        for (var name : scored) {
            var ca = byNameA.getOrDefault(name, RollupCounts.ZERO);
            var cb = byNameB.getOrDefault(name, RollupCounts.ZERO);
            var t = ScoreDifference.of(ca.scoreN(), ca.scoreSum(), ca.scoreSq(), cb.scoreN(), cb.scoreSum(), cb.scoreSq());
            var c = t == null ? Conclusion.TOO_SMALL_TO_CONCLUDE : conclude(ca.scoreN(), cb.scoreN(), t.difference(), t.interval(), t.pValue());
            perName.add(new ScoreComparison(name, t, c, scoreSummary(t, c, ca.scoreN(), cb.scoreN())));
        }

        var reasons = reasons(StatsService.await(reasonsA), ratedA, StatsService.await(reasonsB), ratedB, rate);
        var reasonsSummary = reasonsSummary(reasons, rate, rateConclusion);
        return new Comparison(summaryA, summaryB, rate, rateConclusion, rateSummary, score, scoreConclusion, scoreSummary,
                basis, noCommon, perName, reasons, reasonsSummary,
                "Positive rate: " + rateSummary + " Mean score: " + scoreSummary + (reasonsSummary == null ? "" : " Reasons: " + reasonsSummary));
    }

    private static RollupCounts sum(Map<String, RollupCounts> byName) {
        return byName.values().stream().reduce(RollupCounts.ZERO, RollupCounts::plus);
    }

    private static Map<String, RollupCounts> only(Map<String, RollupCounts> byName, java.util.Set<String> names) {
        var kept = new java.util.HashMap<String, RollupCounts>();
        byName.forEach((n, c) -> {
            if (names.contains(n)) {
                kept.put(n, c);
            }
        });
        return kept;
    }

    /**
     * Each reason's share of the rated feedback (positive or negative) in A and in B. Ordered by how much a reason
     * explains the gap in positive rate: when B is lower, the reasons whose share grew most come first (when B is
     * higher, those that shrank most); without a gap, the largest changes either way.
     */
    static List<ReasonDifference> reasons(Map<String, RollupCounts> a, long ratedA, Map<String, RollupCounts> b, long ratedB,
                                          RateDifference rate) {
        var names = new java.util.TreeSet<String>();
        a.forEach((r, c) -> { if (c.positive() + c.negative() > 0) names.add(r); });
        b.forEach((r, c) -> { if (c.positive() + c.negative() > 0) names.add(r); });
        var list = new java.util.ArrayList<ReasonDifference>();
        for (var reason : names) {
            var ca = a.getOrDefault(reason, RollupCounts.ZERO);
            var cb = b.getOrDefault(reason, RollupCounts.ZERO);
            long xa = ca.positive() + ca.negative();
            long xb = cb.positive() + cb.negative();
            Double shareA = ratedA == 0 ? null : (double) xa / ratedA;
            Double shareB = ratedB == 0 ? null : (double) xb / ratedB;
            var interval = Newcombe.difference95(xb, ratedB, xa, ratedA);
            var test = RateDifference.of(xa, ratedA, xb, ratedB);
            Double difference = shareA == null || shareB == null ? null : shareB - shareA;
            var conclusion = interval == null ? Conclusion.TOO_SMALL_TO_CONCLUDE
                    : conclude(ratedA, ratedB, difference, interval, test.pValue());
            list.add(new ReasonDifference(reason, xa, ratedA, shareA, xb, ratedB, shareB, difference, interval,
                    test == null ? null : test.pValue(), conclusion));
        }
        double direction = rate == null || rate.difference() == 0 ? 0 : -Math.signum(rate.difference());
        Comparator<ReasonDifference> explains = Comparator.comparingDouble(r -> r.difference() == null ? Double.NEGATIVE_INFINITY
                : direction == 0 ? Math.abs(r.difference()) : direction * r.difference());
        list.sort(explains.reversed().thenComparing(ReasonDifference::reason));
        return list;
    }

    private static String reasonsSummary(List<ReasonDifference> reasons, RateDifference rate, Conclusion rateConclusion) {
        if (reasons.isEmpty() || rate == null) {
            return null;
        }
        var top = reasons.getFirst();
        var figures = "%s points of rated feedback, 95%% interval %s to %s points, p = %s".formatted(points(top.difference()),
                points(top.interval().low()), points(top.interval().high()), p(top.pValue()));
        boolean explains = top.conclusion() != Conclusion.TOO_SMALL_TO_CONCLUDE
                && (rateConclusion == Conclusion.TOO_SMALL_TO_CONCLUDE || Math.signum(top.difference()) == -Math.signum(rate.difference()));
        if (rateConclusion != Conclusion.TOO_SMALL_TO_CONCLUDE && explains) {
            return (rateConclusion == Conclusion.A_HIGHER ? "B is lower" : "B is higher") + " mainly because of "
                    + (top.difference() > 0 ? "more" : "fewer") + " \"" + top.reason() + "\" (" + figures + ").";
        }
        if (explains) {
            return "\"" + top.reason() + "\" changed the most (" + figures + ").";
        }
        return "no reason's share differs beyond the noise; the largest change is \"" + top.reason() + "\" (" + figures + ").";
    }

    private static CohortSummary summary(Cohort cohort, RollupCounts c, Map<String, RollupCounts> byName, Scales scales) {
        var from = Instant.ofEpochMilli(StatsService.fromHour(cohort.from()) * StatsService.MILLIS_PER_HOUR);
        var to = Instant.ofEpochMilli(StatsService.toHour(cohort.to()) * StatsService.MILLIS_PER_HOUR);
        var means = ScoreMeans.of(byName, scales);
        return new CohortSummary(cohort, from, to, c.n(), PositiveRate.of(c.positive(), c.negative()), means.overall(), means);
    }

    static Conclusion conclude(long nA, long nB, double difference, Interval interval, double pValue) {
        if (nA < MIN_SAMPLE || nB < MIN_SAMPLE || interval.contains(0) || pValue >= ALPHA) {
            return Conclusion.TOO_SMALL_TO_CONCLUDE;
        }
        return difference > 0 ? Conclusion.B_HIGHER : Conclusion.A_HIGHER;
    }

    private static String rateSummary(RateDifference t, Conclusion conclusion, long ratedA, long ratedB) {
        if (ratedA < MIN_SAMPLE || ratedB < MIN_SAMPLE) {
            return tooFew("rated (thumbs up/down, positive/negative, flagged)", ratedA, ratedB);
        }
        var figures = "B − A = %s points, 95%% interval %s to %s points, p = %s".formatted(points(t.difference()),
                points(t.interval().low()), points(t.interval().high()), p(t.pValue()));
        if (conclusion == Conclusion.TOO_SMALL_TO_CONCLUDE) {
            return "too small to conclude: the difference is within the noise (" + figures + "). At these sample sizes only "
                    + "a difference of about " + unsignedPoints(t.minimumDetectableEffect()) + " points or more would reliably show.";
        }
        return (conclusion == Conclusion.B_HIGHER ? "B is higher" : "A is higher") + " (" + figures + ").";
    }

    private static String scoreSummary(ScoreDifference t, Conclusion conclusion, long scoredA, long scoredB) {
        if (scoredA < MIN_SAMPLE || scoredB < MIN_SAMPLE || t == null) {
            return tooFew("scored", scoredA, scoredB);
        }
        var figures = "B − A = %s, 95%% interval %s to %s, p = %s".formatted(number(t.difference()),
                number(t.interval().low()), number(t.interval().high()), p(t.pValue()));
        if (conclusion == Conclusion.TOO_SMALL_TO_CONCLUDE) {
            return "too small to conclude: the difference is within the noise (" + figures + "). At these sample sizes only "
                    + "a difference of about " + String.format(Locale.ROOT, "%.3g", t.minimumDetectableEffect()) + " or more would reliably show.";
        }
        return (conclusion == Conclusion.B_HIGHER ? "B is higher" : "A is higher") + " (" + figures + ").";
    }

    private static String tooFew(String what, long a, long b) {
        return "too small to conclude: A has " + a + " and B has " + b + " " + what + " feedback; at least " + MIN_SAMPLE
                + " in each are needed.";
    }

    private static String points(double proportion) {
        return String.format(Locale.ROOT, "%+.1f", proportion * 100);
    }

    private static String unsignedPoints(double proportion) {
        return String.format(Locale.ROOT, "%.1f", proportion * 100);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%+.3g", value);
    }

    private static String p(double p) {
        return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
