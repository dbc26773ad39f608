package io.feedbackhub.insight;

/** Cohort B's mean score minus cohort A's on one basis (one feedback name, or every name normalised to [0, 1]). */
public record ScoreComparison(String name, ScoreDifference test, Comparison.Conclusion conclusion, String summary) {
}
