package io.feedbackhub.insight;

/**
 * How often one reason was given among the rated feedback of cohort A and of cohort B: the shares, their difference
 * B − A with Newcombe's hybrid score interval and the two-proportion test's p-value.
 */
public record ReasonDifference(String reason, long withReasonA, long ratedA, Double shareA, long withReasonB, long ratedB,
                               Double shareB, Double difference, Interval interval, Double pValue, Comparison.Conclusion conclusion) {
}
