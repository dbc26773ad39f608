package io.feedbackhub.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 (RFC 9562): 48-bit Unix millis, then random bits, so ids sort by creation time. The random bits are there for
 * uniqueness, not secrecy (an id is never a credential; keys, tokens and sessions draw their secrets from SecureRandom),
 * so they come from ThreadLocalRandom: SecureRandom's NativePRNG read /dev/urandom under a lock, 1.7-1.8 % of the
 * request threads' samples (bench/RESULTS.md).
 */
public final class Ids {
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
            sequence = ThreadLocalRandom.current().nextInt(0x800);
        }
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    public static boolean isUuid(String s) {
        return s != null && s.length() == 36 && s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
