package io.feedbackhub.review;

import io.feedbackhub.core.Hashes;

import java.nio.ByteBuffer;

/**
 * A deterministic random sample: a target is in when hash(seed, target) falls below the rate, so the same seed picks
 * the same answers on every node and every run, and a live filter keeps picking with the same odds.
 */
public final class Sample {
    private Sample() {
    }

    public static boolean keeps(String seed, String targetKey, double rate) {
        long bits = ByteBuffer.wrap(Hashes.sha256((seed == null ? "" : seed) + "\n" + targetKey)).getLong() >>> 11;
        return bits * 0x1.0p-53 < rate;
    }
}
