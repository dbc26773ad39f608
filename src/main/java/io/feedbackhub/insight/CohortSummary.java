package io.feedbackhub.insight;

import java.time.Instant;

/** What one cohort contains, with the range counted (whole UTC hours). */
public record CohortSummary(Cohort cohort, Instant from, Instant to, long total, PositiveRate positiveRate, MeanScore score,
                            ScoreMeans means) {
}
