package io.feedbackhub.insight;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A stats question: a time range, the caller's time zone (for day/week/month buckets), filters, up to two groupings,
 * and how many top reasons to list per group (0: none, which spares reading the reason rollups).
 */
public record StatsQuery(Instant from, Instant to, ZoneId zone, StatsFilters filters, List<Dimension> groupBy, int topReasons) {
    public static final int MAX_GROUP_BY = 2;
    public static final int DEFAULT_TOP_REASONS = 5;
    public static final int MAX_TOP_REASONS = 50;

    public StatsQuery {
        groupBy = List.copyOf(groupBy);
    }

    StatsQuery ungrouped() {
        return new StatsQuery(from, to, zone, filters, List.of(), topReasons);
    }
}
