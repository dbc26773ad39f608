package io.feedbackhub.insight;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UTC hour buckets folded into the caller's local days, weeks and months. */
class TimeBucketsTest {
    static long hourOf(String instant) {
        return Instant.parse(instant).getEpochSecond() / 3600;
    }

    @Test
    void an_hour_belongs_to_the_local_day_it_starts_in() {
        var paris = new TimeBuckets(Dimension.Kind.DAY, ZoneId.of("Europe/Paris"));

        assertEquals("2026-03-28", paris.label(hourOf("2026-03-28T22:00:00Z")), "23:00 in Paris (winter time)");
        assertEquals("2026-03-29", paris.label(hourOf("2026-03-28T23:00:00Z")), "midnight in Paris");
        assertEquals("2026-03-30", paris.label(hourOf("2026-03-29T22:00:00Z")), "midnight in Paris after the switch to summer time");
        assertEquals("2026-03-29", paris.label(hourOf("2026-03-29T21:00:00Z")), "23:00 in Paris (summer time)");
    }

    @Test
    void weeks_start_on_monday_and_months_on_the_first() {
        var weeks = new TimeBuckets(Dimension.Kind.WEEK, ZoneOffset.UTC);
        var months = new TimeBuckets(Dimension.Kind.MONTH, ZoneId.of("America/New_York"));

        assertEquals("2026-11-16", weeks.label(hourOf("2026-11-22T23:00:00Z")), "a Sunday belongs to the week of the Monday before");
        assertEquals("2026-11-23", weeks.label(hourOf("2026-11-23T00:00:00Z")));
        assertEquals("2026-10-01", months.label(hourOf("2026-11-01T03:00:00Z")), "still October 31 in New York");
        assertEquals("2026-11-01", months.label(hourOf("2026-11-01T04:00:00Z")));
    }

    @Test
    void in_a_half_hour_zone_a_day_starts_at_the_first_whole_utc_hour_after_midnight() {
        var india = new TimeBuckets(Dimension.Kind.DAY, ZoneId.of("Asia/Kolkata"));

        // local midnight of Nov 23 is 18:30Z; the hour from 18:00Z starts at 23:30 local, so it stays on Nov 22
        assertEquals("2026-11-22", india.label(hourOf("2026-11-22T18:00:00Z")));
        assertEquals("2026-11-23", india.label(hourOf("2026-11-22T19:00:00Z")));
        assertTrue(TimeBuckets.roundsInside(ZoneId.of("Asia/Kolkata"), Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertFalse(TimeBuckets.roundsInside(ZoneId.of("Europe/Paris"), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z")));
    }
}
