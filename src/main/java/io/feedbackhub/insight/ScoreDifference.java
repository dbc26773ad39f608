package io.feedbackhub.insight;

/**
 * Cohort B's mean score minus cohort A's with Welch's unequal-variance t-test (Welch 1947): the 95 % interval,
 * the two-sided p-value with Welch–Satterthwaite degrees of freedom, and the minimum detectable effect at these
 * sample sizes (normal approximation, two-sided alpha 0.05, power 0.8).
 */
public record ScoreDifference(double difference, Interval interval, Double t, Double degreesOfFreedom, double pValue,
                        double minimumDetectableEffect) {

    /** Null unless both cohorts have at least two scores. */
    public static ScoreDifference of(long countA, double sumA, double sumOfSquaresA, long countB, double sumB, double sumOfSquaresB) {
        if (countA < 2 || countB < 2) {
            return null;
        }
        double meanA = sumA / countA;
        double meanB = sumB / countB;
        double va = MeanScore.variance(countA, sumA, sumOfSquaresA) / countA;
        double vb = MeanScore.variance(countB, sumB, sumOfSquaresB) / countB;
        double difference = meanB - meanA;
        double se = Math.sqrt(va + vb);
        double mde = (Distributions.Z_95 + Distributions.Z_POWER_80) * se;
        if (se == 0) {
            // Both cohorts gave one constant score each: no spread to test against.
            return new ScoreDifference(difference, new Interval(difference, difference), null, null, difference == 0 ? 1 : 0, mde);
        }
        double df = (va + vb) * (va + vb) / (va * va / (countA - 1) + vb * vb / (countB - 1));
        double t = difference / se;
        double half = Distributions.t95(df) * se;
        return new ScoreDifference(difference, new Interval(difference - half, difference + half), t, df,
                Distributions.tTwoSided(t, df), mde);
    }
}
