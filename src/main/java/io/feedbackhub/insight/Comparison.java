package io.feedbackhub.insight;

import java.util.List;

/**
 * Cohort B against cohort A. Differences are always B minus A. {@code rate} is null when a cohort has nothing
 * rated, {@code score} when a cohort has fewer than two scores or the scores have no common scale
 * ({@code scoreBasis} null, {@code scoreNoCommonReason} says why; {@code scoreByName} compares each name on its own).
 * {@code reasons} compares how often each reason was given among rated feedback, the reasons that explain the gap
 * in positive rate first.
 */
public record Comparison(CohortSummary a, CohortSummary b, RateDifference rate, Conclusion rateConclusion,
                         String rateSummary, ScoreDifference score, Conclusion scoreConclusion, String scoreSummary,
                         ScoreMeans.Basis scoreBasis, String scoreNoCommonReason, List<ScoreComparison> scoreByName,
                         List<ReasonDifference> reasons, String reasonsSummary, String verdict) {

    public enum Conclusion {
        B_HIGHER, A_HIGHER, TOO_SMALL_TO_CONCLUDE, NO_COMMON_SCALE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
