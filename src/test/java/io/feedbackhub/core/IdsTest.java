package io.feedbackhub.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids drawn from ThreadLocalRandom stay what they were: UUIDv7, unique, in creation order within the process. */
class IdsTest {
    @Test
    void idsAreVersion7UniqueAndSortedByCreation() throws Exception {
        var ids = new ArrayList<String>();
        var threads = new ArrayList<Thread>();
        var all = java.util.Collections.synchronizedSet(new HashSet<String>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    all.add(Ids.newId());
                }
            }));
        }
        for (int i = 0; i < 20_000; i++) {
            ids.add(Ids.newId());
        }
        for (var t : threads) {
            t.join();
        }
        assertEquals(80_000 + 20_000, all.size() + new HashSet<>(ids).size(), "every id unique");
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "in creation order: " + ids.get(i - 1) + " then " + ids.get(i));
        }
        var uuid = UUID.fromString(ids.get(0));
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
    }
}
