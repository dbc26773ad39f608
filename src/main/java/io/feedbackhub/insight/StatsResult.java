package io.feedbackhub.insight;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The answer to a {@link StatsQuery}: the range actually counted ({@code from}/{@code to} widened to whole UTC
 * hours, the rollups' resolution), the totals over everything that matched, and the groups.
 */
public record StatsResult(Instant from, Instant to, ZoneId zone, StatsFilters filters, List<Dimension> groupBy,
                          GroupStats overall, List<GroupStats> groups, List<String> notes) {
}
