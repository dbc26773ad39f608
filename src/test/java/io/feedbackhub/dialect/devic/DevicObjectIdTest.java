package io.feedbackhub.dialect.devic;

import io.feedbackhub.core.Ids;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Devic's {@code _id}: a MongoDB ObjectId derived from the feedback's UUIDv7, stable and readable as one. */
class DevicObjectIdTest {

    @Test
    void the_id_is_an_object_id_whose_timestamp_is_the_creation_second() {
        long millis = Instant.parse("2024-01-15T10:30:00.123Z").toEpochMilli();
        var uuid = new UUID((millis << 16) | 0x7abcL, 0x80000123456789abL).toString();

        var id = DevicFeedbackJson.objectId(uuid);

        // seconds 0x65a50928 | ms 123, rand_a 0xabc, random 0x123456789ab packed as 10+12+42 bits
        assertEquals("65a509281eeaf123456789ab", id);
        assertEquals(Instant.parse("2024-01-15T10:30:00Z").getEpochSecond(), Long.parseLong(id.substring(0, 8), 16));
        assertEquals(id, DevicFeedbackJson.objectId(uuid), "the same feedback always shows the same _id");
    }

    @Test
    void ids_made_in_one_burst_never_share_an_object_id() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(DevicFeedbackJson.objectId(Ids.newId())), "collision after " + i + " ids");
        }
    }

    @Test
    void timestamps_always_carry_milliseconds() {
        assertEquals("2024-01-15T10:30:00.000Z", DevicFeedbackJson.timestamp(Instant.parse("2024-01-15T10:30:00Z")));
        assertEquals("2024-01-15T10:30:00.120Z", DevicFeedbackJson.timestamp(Instant.parse("2024-01-15T10:30:00.12Z")));
    }
}
