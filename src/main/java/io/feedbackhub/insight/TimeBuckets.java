package io.feedbackhub.insight;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds UTC hour buckets into the caller's local days, ISO weeks (starting Monday) or months, labelled by the
 * local date they start on. An hour belongs to the local bucket its first instant falls in: exact for zones a
 * whole number of hours from UTC (daylight saving included); in half- or quarter-hour zones a local day starts
 * at the first whole UTC hour after local midnight, up to 45 minutes late.
 */
final class TimeBuckets {
    private static final long SECONDS_PER_HOUR = 3600;

    private final Dimension.Kind kind;
    private final ZoneId zone;
    private final Map<Long, String> labels = new HashMap<>();

    TimeBuckets(Dimension.Kind kind, ZoneId zone) {
        this.kind = kind;
        this.zone = zone;
    }

    String label(long hour) {
        return labels.computeIfAbsent(hour, h -> {
            var date = Instant.ofEpochSecond(h * SECONDS_PER_HOUR).atZone(zone).toLocalDate();
            var start = switch (kind) {
                case DAY -> date;
                case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> date.withDayOfMonth(1);
                default -> throw new IllegalArgumentException(kind + " is not a time dimension");
            };
            return start.toString();
        });
    }

    /** True when some offset of {@code zone} between the two instants is not a whole number of hours. */
    static boolean roundsInside(ZoneId zone, Instant from, Instant to) {
        var rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % SECONDS_PER_HOUR != 0) {
            return true;
        }
        for (var t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to); t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % SECONDS_PER_HOUR != 0) {
                return true;
            }
        }
        return false;
    }
}
