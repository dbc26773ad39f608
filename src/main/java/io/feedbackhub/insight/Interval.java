package io.feedbackhub.insight;

/** A two-sided 95 % confidence interval. */
public record Interval(double low, double high) {
    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
