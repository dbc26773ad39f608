package io.feedbackhub.http;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket on a clock the test moves by hand. */
class RateLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RateLimiter limiter = new RateLimiter(2, 3, 6, now::get, RateLimiter.MAX_BUCKETS);

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
    void an_address_gets_a_minutes_allowance_of_failed_authentications_which_refills() {
        var throttle = new RateLimiter(0, 0, 0, 3, now::get, RateLimiter.MAX_BUCKETS);
        for (int i = 0; i < 3; i++) {
            throttle.checkAuthFailures("192.0.2.1");
            throttle.authFailed("192.0.2.1");
        }

        var refused = assertThrows(HttpFailure.class, () -> throttle.checkAuthFailures("192.0.2.1"));

        assertEquals(429, refused.status());
        assertEquals(20, refused.retryAfterSeconds(), "3 per minute: one every 20 s");
        throttle.checkAuthFailures("192.0.2.2"); // another address has its own allowance
        now.addAndGet(20_000_000_000L);
        throttle.checkAuthFailures("192.0.2.1");
    }

    @Test
    void a_rate_of_zero_switches_the_limit_off() {
        var off = new RateLimiter(0, 0, 0, now::get, RateLimiter.MAX_BUCKETS);
        for (int i = 0; i < 10_000; i++) {
            off.checkKey("k");
            off.checkEndUser("k", "u");
            off.authFailed("a");
            off.checkAuthFailures("a");
        }
    }

    @Test
    void a_caller_still_waiting_keeps_its_limit_however_many_new_ids_arrive() {
        var small = new RateLimiter(2, 3, 6, now::get, 10);
        for (int i = 0; i < 3; i++) {
            small.checkKey("victim");
        }

        for (int i = 0; i < 1_000; i++) {
            small.checkKey("sprayed-" + i);
        }

        assertThrows(HttpFailure.class, () -> small.checkKey("victim"), "spraying ids must not reset another caller's bucket");
        assertEquals(1_001, small.bucketCount(), "no sprayed bucket had refilled, so none was dropped");
    }

    @Test
    void buckets_that_have_refilled_are_dropped_once_the_map_outgrows_its_cap() {
        var small = new RateLimiter(2, 3, 6, now::get, 10);
        for (int i = 0; i < 9; i++) {
            small.checkKey("idle-" + i);
        }
        for (int i = 0; i < 3; i++) {
            small.checkKey("busy");
        }
        now.addAndGet(500_000_000L); // the idle buckets (2 of 3 left) refill at 2/s; busy (0 left) gets 1 back

        small.checkKey("newcomer"); // the eleventh bucket, one past the cap

        assertEquals(2, small.bucketCount(), "only the buckets still below full stay: busy and the newcomer");
        small.checkKey("busy");
        assertThrows(HttpFailure.class, () -> small.checkKey("busy"), "busy's bucket survived the sweep");
    }

    @Test
    void several_end_users_are_admitted_together_or_not_at_all() {
        limiter.checkEndUser("pub", "bob");
        var aliceThenBob = new LinkedHashMap<String, Integer>(); // in this order, so alice pays before bob is refused
        aliceThenBob.put("alice", 1);
        aliceThenBob.put("bob", 1);

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkEndUsers("pub", aliceThenBob));

        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("end user bob"), refused.getMessage());
        limiter.checkEndUser("pub", "alice"); // alice's one token, taken before bob's refusal, was given back
        assertThrows(HttpFailure.class, () -> limiter.checkEndUser("pub", "alice"), "and only that one");
    }

    @Test
    void each_item_after_the_first_costs_the_key_one_token_more() {
        limiter.checkKey("k"); // the request's arrival pays for its first item

        limiter.checkKeyItems("k", 3);

        assertThrows(HttpFailure.class, () -> limiter.checkKey("k"), "a burst of 3, all spent by three items");
        limiter.checkKey("another key has its own bucket");
    }

    @Test
    void a_request_of_more_items_than_the_burst_is_admitted_from_a_full_bucket_then_pays_the_debt() {
        limiter.checkKey("k");

        limiter.checkKeyItems("k", 9);

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkKey("k"));
        assertEquals(4, refused.retryAfterSeconds(), "3 - 9 = -6 tokens: 7 more are needed for the next, 3.5 s at 2/s");
        now.addAndGet(3_500_000_000L);
        limiter.checkKey("k");
    }

    @Test
    void a_request_of_several_items_waits_for_the_bucket_rather_than_going_into_debt_from_a_part_full_one() {
        limiter.checkKey("k");
        limiter.checkKey("k");

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkKeyItems("k", 5));

        assertEquals(1, refused.retryAfterSeconds(), "needs the 2 tokens still owed of a full bucket, has 1");
        limiter.checkKey("k"); // the refused items took nothing
    }

    @Test
    void an_end_user_over_the_limit_gives_the_key_back_the_tokens_of_the_items() {
        limiter.checkEndUser("pub", "bob");
        limiter.checkKey("k");

        assertThrows(HttpFailure.class, () -> limiter.checkWrites("k", "pub", Map.of("alice", 1, "bob", 1)));

        limiter.checkKey("k");
        limiter.checkKey("k"); // 3 less the refused request's arrival: its second item's token came back
        assertThrows(HttpFailure.class, () -> limiter.checkKey("k"));
        limiter.checkEndUser("pub", "alice");
    }

    @Test
    void a_key_over_its_limit_takes_nothing_from_the_end_users() {
        limiter.checkKey("k");
        limiter.checkKey("k");

        assertThrows(HttpFailure.class, () -> limiter.checkWrites("k", "pub", Map.of("alice", 5)));

        limiter.checkEndUser("pub", "alice");
    }

    @Test
    void an_end_user_with_more_writes_than_the_burst_is_admitted_once_then_pays_the_debt() {
        limiter.checkEndUsers("pub", Map.of("alice", 3));

        var refused = assertThrows(HttpFailure.class, () -> limiter.checkEndUser("pub", "alice"));

        assertEquals(30, refused.retryAfterSeconds(), "three writes at 6 per minute: 30 s until the next");
        now.addAndGet(30_000_000_000L);
        limiter.checkEndUser("pub", "alice");
    }
}
