package io.feedbackhub.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this node's memory: one per API key, and one per (publishable key, end user) for browser
 * writes. Several nodes each enforce the limit, so a cluster of N nodes admits up to N times the rate; the
 * limit protects each node and the database, it is not a billing quota.
 */
public final class RateLimiter {
    /** Buckets of idle callers are dropped once this many exist; a dropped bucket simply starts full again. */
    private static final int MAX_BUCKETS = 100_000;

    private final double perSecond;
    private final double burst;
    private final double endUserPerSecond;
    private final double endUserBurst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    /** A rate of 0 switches that limit off. */
    public RateLimiter(double perSecond, double burst, double endUserPerMinute) {
        this(perSecond, burst, endUserPerMinute, System::nanoTime);
    }

    RateLimiter(double perSecond, double burst, double endUserPerMinute, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
        this.endUserPerSecond = endUserPerMinute / 60.0;
        this.endUserBurst = Math.max(1, endUserPerMinute / 6.0);
    }

    public void checkKey(String keyId) {
        take("key:" + keyId, perSecond, burst, "this API key");
    }

    public void checkEndUser(String keyId, String authorId) {
        take("user:" + keyId + ":" + authorId, endUserPerSecond, endUserBurst, "this end user");
    }

    private void take(String id, double rate, double capacity, String who) {
        if (rate <= 0) {
            return;
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        long now = nanoClock.getAsLong();
        long waitMillis = buckets.computeIfAbsent(id, k -> new Bucket(capacity, now)).take(rate, capacity, now);
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new HttpFailure(429, "Too Many Requests",
                    "rate limit of " + format(rate) + " requests/s for " + who + " exceeded; retry in " + seconds + " s", seconds);
        }
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format("%.2f", rate);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        /** Takes one token; returns 0, or how long until one is available. */
        synchronized long take(double rate, double capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate * 1000);
        }
    }
}
