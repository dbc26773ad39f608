package io.feedbackhub.insight;

/**
 * Positive judgments among the rated ones (positive + negative labels; other labels and scores alone do not
 * count), with its Wilson 95 % interval. {@code rate} and {@code interval} are null when nothing was rated.
 */
public record PositiveRate(long positive, long negative, Double rate, Interval interval) {

    public static PositiveRate of(long positive, long negative) {
        long rated = positive + negative;
        return new PositiveRate(positive, negative, rated == 0 ? null : (double) positive / rated, Wilson.interval95(positive, rated));
    }

    public long rated() {
        return positive + negative;
    }
}
