package io.feedbackhub.insight;

import java.time.Instant;

/** One side of a comparison: everything matching the filters in the range. */
public record Cohort(Instant from, Instant to, StatsFilters filters) {
}
