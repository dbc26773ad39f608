package io.feedbackhub.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The token bucket on a clock the test moves by hand. */
class RateLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RateLimiter limiter = new RateLimiter(2, 3, 6, now::get);

    @Test
    void a_key_may_burst_then_waits_for_the_refill() {
        for (int i = 0; i < 3; i++) {
            limiter.checkKey("k");
        }

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkKey("k"));

        assertEquals(429, refused.status());
        assertEquals(1, refused.retryAfterSeconds());
        now.addAndGet(500_000_000L); // half a second refills one token at 2/s
        limiter.checkKey("k");
        assertThrows(HttpFailure.class, () -> limiter.checkKey("k"));
        limiter.checkKey("another key has its own bucket");
    }

    @Test
    void an_end_user_gets_a_per_minute_allowance_per_publishable_key() {
        limiter.checkEndUser("pub", "alice");

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkEndUser("pub", "alice"));

        assertEquals(10, refused.retryAfterSeconds(), "6 per minute: one every 10 s");
        limiter.checkEndUser("pub", "bob");
        now.addAndGet(10_000_000_000L);
        limiter.checkEndUser("pub", "alice");
    }

    @Test
    void a_rate_of_zero_switches_the_limit_off() {
        var off = new RateLimiter(0, 0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            off.checkKey("k");
            off.checkEndUser("k", "u");
        }
    }
}
