package io.feedbackhub.insight;

/** The insight services one node runs, handed together to the HTTP layer. */
public record Insight(StatsService stats, ComparisonService comparisons, RollupAudit audit, ExportService exports, ScalesReader scales) {
}
