package io.feedbackhub.insight;

/**
 * The mean score of {@code count} scored feedback with its 95 % t-interval (mean ± t(0.975, n−1)·s/√n), from
 * the additive moments kept in the rollups. {@code mean} is null without scores; the interval and standard
 * deviation need at least two.
 */
public record MeanScore(long count, Double mean, Double standardDeviation, Interval interval) {

    public static MeanScore of(long count, double sum, double sumOfSquares) {
        if (count <= 0) {
            return new MeanScore(0, null, null, null);
        }
        double mean = sum / count;
        if (count == 1) {
            return new MeanScore(1, mean, null, null);
        }
        double variance = variance(count, sum, sumOfSquares);
        double half = Distributions.t95(count - 1) * Math.sqrt(variance / count);
        return new MeanScore(count, mean, Math.sqrt(variance), new Interval(mean - half, mean + half));
    }

    /** The sample variance (n − 1 in the denominator); never negative, whatever the rounding of the moments. */
    static double variance(long count, double sum, double sumOfSquares) {
        return Math.max(0, (sumOfSquares - sum * sum / count) / (count - 1));
    }
}
