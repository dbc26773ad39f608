package io.feedbackhub.insight;

/**
 * Cohort B's positive rate minus cohort A's: the unpooled Wald 95 % interval of the difference, the pooled
 * two-proportion z-test (the textbook test of "no difference", equal to Pearson's chi-squared on the 2×2
 * table) and the minimum detectable effect at these sample sizes (two-sided alpha 0.05, power 0.8).
 */
public record RateDifference(double difference, Interval interval, Double z, double pValue, double minimumDetectableEffect) {

    /** Null when either cohort has nothing rated. */
    public static RateDifference of(long positiveA, long ratedA, long positiveB, long ratedB) {
        if (ratedA <= 0 || ratedB <= 0) {
            return null;
        }
        double pa = (double) positiveA / ratedA;
        double pb = (double) positiveB / ratedB;
        double difference = pb - pa;
        double unpooled = Math.sqrt(pa * (1 - pa) / ratedA + pb * (1 - pb) / ratedB);
        var interval = new Interval(difference - Distributions.Z_95 * unpooled, difference + Distributions.Z_95 * unpooled);
        double pooled = (double) (positiveA + positiveB) / (ratedA + ratedB);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / ratedA + 1.0 / ratedB));
        // Every judgment alike in both cohorts (all positive or all negative): no evidence of any difference.
        Double z = pooledSe == 0 ? null : difference / pooledSe;
        double p = z == null ? 1 : Distributions.normalTwoSided(z);
        // With the pooled rate as the common rate; 0 when everything is one-sided, where no test can detect anything.
        double mde = (Distributions.Z_95 + Distributions.Z_POWER_80) * pooledSe;
        return new RateDifference(difference, interval, z, p, mde);
    }
}
