package io.feedbackhub.insight;

import io.feedbackhub.insight.Comparison.Conclusion;

import java.time.Instant;
import java.util.Locale;

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
        var pendingA = stats.totalAsync(tenantId, a.from(), a.to(), a.filters());
        var countsB = stats.total(tenantId, b.from(), b.to(), b.filters());
        var countsA = StatsService.await(pendingA);
        var summaryA = summary(a, countsA);
        var summaryB = summary(b, countsB);

        var rate = TwoProportionTest.of(countsA.positive(), summaryA.positiveRate().rated(), countsB.positive(), summaryB.positiveRate().rated());
        long ratedA = summaryA.positiveRate().rated();
        long ratedB = summaryB.positiveRate().rated();
        var rateConclusion = rate == null ? Conclusion.TOO_SMALL_TO_CONCLUDE
                : conclude(ratedA, ratedB, rate.difference(), rate.interval(), rate.pValue());
        var rateSummary = rateSummary(rate, rateConclusion, ratedA, ratedB);

        var score = WelchTest.of(countsA.scoreN(), countsA.scoreSum(), countsA.scoreSq(), countsB.scoreN(), countsB.scoreSum(), countsB.scoreSq());
        var scoreConclusion = score == null ? Conclusion.TOO_SMALL_TO_CONCLUDE
                : conclude(countsA.scoreN(), countsB.scoreN(), score.difference(), score.interval(), score.pValue());
        var scoreSummary = scoreSummary(score, scoreConclusion, countsA.scoreN(), countsB.scoreN());

        return new Comparison(summaryA, summaryB, rate, rateConclusion, rateSummary, score, scoreConclusion, scoreSummary,
                "Positive rate: " + rateSummary + " Mean score: " + scoreSummary);
    }

    private static CohortSummary summary(Cohort cohort, RollupCounts c) {
        var from = Instant.ofEpochMilli(StatsService.fromHour(cohort.from()) * StatsService.MILLIS_PER_HOUR);
        var to = Instant.ofEpochMilli(StatsService.toHour(cohort.to()) * StatsService.MILLIS_PER_HOUR);
        return new CohortSummary(cohort, from, to, c.n(), PositiveRate.of(c.positive(), c.negative()),
                MeanScore.of(c.scoreN(), c.scoreSum(), c.scoreSq()));
    }

    static Conclusion conclude(long nA, long nB, double difference, Interval interval, double pValue) {
        if (nA < MIN_SAMPLE || nB < MIN_SAMPLE || interval.contains(0) || pValue >= ALPHA) {
            return Conclusion.TOO_SMALL_TO_CONCLUDE;
        }
        return difference > 0 ? Conclusion.B_HIGHER : Conclusion.A_HIGHER;
    }

    private static String rateSummary(TwoProportionTest t, Conclusion conclusion, long ratedA, long ratedB) {
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

    private static String scoreSummary(WelchTest t, Conclusion conclusion, long scoredA, long scoredB) {
        if (scoredA < MIN_SAMPLE || scoredB < MIN_SAMPLE) {
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
