package io.feedbackhub.http;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Token buckets in this node's memory: one per API key, and one per (publishable key, end user) for browser
 * writes. Several nodes each enforce the limit, so a cluster of N nodes admits up to N times the rate; the
 * limit protects each node and the database, it is not a billing quota.
 *
 * <p>Memory: a bucket that has refilled to full says nothing a fresh bucket would not, so when the map outgrows
 * its cap a sweep drops those, and only those. Callers still waiting keep their buckets however many new ids
 * arrive (clearing everything would hand a caller spraying ids a reset of everyone's limits). When the sweep
 * frees little (everyone is busy) the next one waits until the map has doubled, so sweeps cost O(1) per new
 * bucket, amortized.
 */
public final class RateLimiter {
    /** How many buckets may exist before a sweep drops the full ones; a dropped bucket simply starts full again. */
    static final int MAX_BUCKETS = 100_000;

    private final double perSecond;
    private final double burst;
    private final double endUserPerSecond;
    private final double endUserBurst;
    private final double authFailuresPerSecond;
    private final double authFailuresBurst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final int cap;
    private final ReentrantLock sweeping = new ReentrantLock();
    /** The size past which the next sweep runs: the cap, or twice what the last sweep had to keep. */
    private volatile int sweepAbove;

    /** A rate of 0 switches that limit off; so does this constructor the limit of failed authentications. */
    public RateLimiter(double perSecond, double burst, double endUserPerMinute) {
        this(perSecond, burst, endUserPerMinute, 0);
    }

    /** {@code authFailuresPerMinute}: failed authentication attempts per client address and minute (0: off). */
    public RateLimiter(double perSecond, double burst, double endUserPerMinute, double authFailuresPerMinute) {
        this(perSecond, burst, endUserPerMinute, authFailuresPerMinute, System::nanoTime, MAX_BUCKETS);
    }

    RateLimiter(double perSecond, double burst, double endUserPerMinute, LongSupplier nanoClock, int cap) {
        this(perSecond, burst, endUserPerMinute, 0, nanoClock, cap);
    }

    RateLimiter(double perSecond, double burst, double endUserPerMinute, double authFailuresPerMinute, LongSupplier nanoClock, int cap) {
        this.nanoClock = nanoClock;
        // A whole minute's allowance at once: a person mistyping a key a few times is never held up.
        this.authFailuresPerSecond = authFailuresPerMinute / 60.0;
        this.authFailuresBurst = Math.max(1, authFailuresPerMinute);
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
        this.endUserPerSecond = endUserPerMinute / 60.0;
        this.endUserBurst = Math.max(1, endUserPerMinute / 6.0);
        this.cap = cap;
        this.sweepAbove = cap;
    }

    public void checkKey(String keyId) {
        refuseIfWaiting(take(keyBucket(keyId), perSecond, burst, 1, 0), perSecond, "this API key");
    }

    /**
     * The rest of the cost of one request that writes {@code items} items, all or nothing: its first item was paid
     * by {@link #checkKey} when the request arrived, each further one costs the key a token more. As in {@link
     * #checkEndUsers}, a full bucket admits a request of more items than it holds and runs into debt, so a batch
     * larger than the burst waits for a full bucket rather than being refused for ever.
     */
    public void checkKeyItems(String keyId, int items) {
        if (items > 1) {
            refuseIfWaiting(take(keyBucket(keyId), perSecond, burst, items, 1), perSecond, "this API key");
        }
    }

    /**
     * {@link #checkKeyItems} and {@link #checkEndUsers} together, all or nothing: when an end user cannot pay, the
     * key's tokens for the further items are given back too.
     */
    public void checkWrites(String keyId, String endUserKeyId, Map<String, Integer> writesByAuthor) {
        int items = writesByAuthor.values().stream().mapToInt(Integer::intValue).sum();
        checkKeyItems(keyId, items);
        try {
            checkEndUsers(endUserKeyId, writesByAuthor);
        } catch (HttpFailure refused) {
            if (items > 1 && perSecond > 0) {
                refund(keyBucket(keyId), items - 1);
            }
            throw refused;
        }
    }

    public void checkEndUser(String keyId, String authorId) {
        checkEndUsers(keyId, Map.of(authorId, 1));
    }

    /**
     * All or nothing: takes {@code writes} tokens from each end user's bucket, or, when any of them cannot pay, gives
     * back what was taken and refuses (429) with the longest wait. A write of several items by one end user is
     * admitted once the bucket is full even when it holds more items than the bucket holds tokens; the bucket then
     * runs into debt, which its refill pays off, so the average rate holds and no batch is refused for ever.
     */
    public void checkEndUsers(String keyId, Map<String, Integer> writesByAuthor) {
        if (endUserPerSecond <= 0) {
            return;
        }
        var taken = new ArrayList<Map.Entry<String, Integer>>();
        for (var author : writesByAuthor.entrySet()) {
            long waitMillis = take(endUserBucket(keyId, author.getKey()), endUserPerSecond, endUserBurst, author.getValue(), 0);
            if (waitMillis > 0) {
                taken.forEach(t -> refund(endUserBucket(keyId, t.getKey()), t.getValue()));
                refuseIfWaiting(waitMillis, endUserPerSecond, writesByAuthor.size() == 1 ? "this end user" : "end user " + author.getKey());
            }
            taken.add(author);
        }
    }

    /**
     * Refuses (429) a client address that has used up its allowance of failed authentication attempts, before the
     * credential is looked up: guessing keys costs the guesser, not the database.
     */
    public void checkAuthFailures(String address) {
        if (authFailuresPerSecond <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        long[] wait = {0};
        buckets.computeIfPresent(authBucket(address), (k, b) -> {
            wait[0] = b.waitFor(1, now);
            return b;
        });
        long waitMillis = wait[0];
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new HttpFailure(429, "Too Many Requests", "too many failed authentication attempts from this address ("
                    + format(authFailuresBurst) + " per minute); retry in " + seconds + " s", seconds);
        }
    }

    /** Counts one failed authentication attempt against the client address. */
    public void authFailed(String address) {
        take(authBucket(address), authFailuresPerSecond, authFailuresBurst, 1, 0);
    }

    private static String authBucket(String address) {
        return "auth-failures:" + address;
    }

    /** How many buckets exist now (for tests of the sweep). */
    int bucketCount() {
        return buckets.size();
    }

    private static String keyBucket(String keyId) {
        return "key:" + keyId;
    }

    private static String endUserBucket(String keyId, String authorId) {
        return "user:" + keyId + ":" + authorId;
    }

    /**
     * Takes {@code n} tokens, of which {@code paid} were taken earlier in the same request; returns 0, or how long
     * until they are available.
     */
    private long take(String id, double rate, double capacity, int n, int paid) {
        if (rate <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        long[] waitMillis = {0};
        // compute() holds the entry while taking, so a sweep can never drop a bucket between its check and a take.
        buckets.compute(id, (k, bucket) -> {
            var b = bucket == null ? new Bucket(rate, capacity, now) : bucket;
            waitMillis[0] = b.take(n, paid, now);
            return b;
        });
        if (buckets.size() > sweepAbove) {
            sweep(now);
        }
        return waitMillis[0];
    }

    private void refund(String id, int n) {
        buckets.computeIfPresent(id, (k, b) -> b.refund(n));
    }

    /** Drops the buckets that have refilled; one thread sweeps, the others go on (the map tolerates overshoot). */
    private void sweep(long now) {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            for (var id : buckets.keySet()) {
                buckets.computeIfPresent(id, (k, b) -> b.fullAt(now) ? null : b);
            }
            sweepAbove = Math.max(cap, 2 * buckets.size());
        } finally {
            sweeping.unlock();
        }
    }

    private static void refuseIfWaiting(long waitMillis, double rate, String who) {
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new HttpFailure(429, "Too Many Requests",
                    "rate limit of " + format(rate) + " requests/s for " + who + " exceeded; retry in " + seconds + " s", seconds);
        }
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format("%.2f", rate);
    }

    /** Only touched inside the map's compute functions, which serialize access per id. */
    private static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long refilledAt;

        Bucket(double rate, double capacity, long now) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        /**
         * Takes the {@code n - paid} tokens still owed of {@code n} when the bucket holds at least {@code min(n,
         * capacity) - paid} (more than the capacity is allowed from a full bucket, leaving a debt); returns 0, or how
         * long until enough are. Counting the paid ones against the capacity keeps a request of more items than the
         * burst admissible: without it, the token its arrival took would leave the bucket one short for ever.
         */
        long take(int n, int paid, long now) {
            refill(now);
            double needed = Math.min(n, capacity) - paid;
            if (tokens >= needed) {
                tokens -= n - paid;
                return 0;
            }
            return (long) Math.ceil((needed - tokens) / rate * 1000);
        }

        /** How long until {@code n} tokens are there, without taking any (0: now). */
        long waitFor(int n, long now) {
            double available = Math.min(capacity, tokens + Math.max(0, now - refilledAt) / 1e9 * rate);
            return available >= n ? 0 : (long) Math.ceil((n - available) / rate * 1000);
        }

        Bucket refund(int n) {
            tokens = Math.min(capacity, tokens + n);
            return this;
        }

        boolean fullAt(long now) {
            return tokens + Math.max(0, now - refilledAt) / 1e9 * rate >= capacity;
        }

        private void refill(long now) {
            if (now > refilledAt) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
                refilledAt = now;
            }
        }
    }
}
