package io.feedbackhub.insight;

/**
 * Cohort B against cohort A. Differences are always B minus A. {@code rate} is null when a cohort has nothing
 * rated, {@code score} when a cohort has fewer than two scores; their conclusions then say too small to conclude.
 */
public record Comparison(CohortSummary a, CohortSummary b, TwoProportionTest rate, Conclusion rateConclusion,
                         String rateSummary, WelchTest score, Conclusion scoreConclusion, String scoreSummary,
                         String verdict) {

    public enum Conclusion {
        B_HIGHER, A_HIGHER, TOO_SMALL_TO_CONCLUDE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
