package io.feedbackhub.insight;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A stats question: a time range, the caller's time zone (for day/week/month buckets), filters, up to two groupings. */
public record StatsQuery(Instant from, Instant to, ZoneId zone, StatsFilters filters, List<Dimension> groupBy) {
    public static final int MAX_GROUP_BY = 2;

    public StatsQuery {
        groupBy = List.copyOf(groupBy);
    }

    StatsQuery ungrouped() {
        return new StatsQuery(from, to, zone, filters, List.of());
    }
}
