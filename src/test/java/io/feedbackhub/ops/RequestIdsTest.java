package io.feedbackhub.ops;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Request ids made without SecureRandom are still random (version 4) UUIDs, and distinct. */
class RequestIdsTest {
    @Test
    void requestIdsAreDistinctVersion4Uuids() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 50_000; i++) {
            var id = RequestIds.newId();
            var uuid = UUID.fromString(id);
            assertEquals(4, uuid.version());
            assertEquals(2, uuid.variant());
            assertEquals(36, id.length());
            seen.add(id);
        }
        assertEquals(50_000, seen.size());
    }
}
