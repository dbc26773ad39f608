package io.feedbackhub.insight;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exports write instants with a formatter of their own: every instant must read as Instant.toString writes it. */
class ExportTimesTest {
    @Test
    void writesInstantsAsInstantToStringDoes() {
        long[] edges = {0, 1, 999, 1000, -1, -1000, -1001, 86_399_999, 86_400_000, 1_795_442_400_000L, 1_795_442_400_120L,
                1_795_442_405_007L, Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(), Instant.parse("0999-12-31T23:59:59.999Z").toEpochMilli(),
                Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("-0001-12-31T23:59:59Z").toEpochMilli(), Instant.parse("2024-02-29T12:00:00.500Z").toEpochMilli()};
        for (long millis : edges) {
            assertEquals(Instant.ofEpochMilli(millis).toString(), ExportWriters.iso(millis), "at " + millis);
        }
        var random = new SplittableRandom(18);
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
            if (i % 2 == 0) {
                millis -= Math.floorMod(millis, 1000); // whole seconds: no fraction is written
            }
            assertEquals(Instant.ofEpochMilli(millis).toString(), ExportWriters.iso(millis), "at " + millis);
        }
    }
}
