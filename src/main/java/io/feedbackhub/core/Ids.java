package io.feedbackhub.core;

import java.security.SecureRandom;
import java.util.UUID;

/** UUIDv7 (RFC 9562): 48-bit Unix millis, then random bits, so ids sort by creation time. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long sequence;

    private Ids() {
    }

    public static String newId() {
        return uuidV7(System.currentTimeMillis()).toString();
    }

    /** Monotonic within this process: a second id in the same millisecond gets a larger counter in rand_a. */
    static synchronized UUID uuidV7(long millis) {
        if (millis <= lastMillis) {
            millis = lastMillis;
            sequence++;
            if (sequence > 0xFFF) {
                millis = ++lastMillis;
                sequence = 0;
            }
        } else {
            lastMillis = millis;
            sequence = RANDOM.nextInt(0x800);
        }
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    public static boolean isUuid(String s) {
        return s != null && s.length() == 36 && s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
