package io.feedbackhub.webhooks;

import io.feedbackhub.core.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How webhooks are delivered and alerts evaluated on this node, read from FEEDBACK_HUB_WEBHOOK_* and
 * FEEDBACK_HUB_ALERT_* variables (see docs/webhooks.md).
 *
 * @param retryDelays            waits before each retry after the first, immediate attempt
 * @param timeout                one attempt, connect to last byte of the answer
 * @param allowPrivate           deliver to loopback, private and link-local addresses (receivers inside the network, tests)
 * @param disableAfter           an endpoint that accepted nothing for this long is disabled
 * @param concurrencyPerEndpoint requests in flight to one endpoint from one node
 * @param retention              events and their deliveries are kept this long for the deliveries API
 * @param alertInterval          how often each alert rule is evaluated
 * @param yieldToWrites          while this node writes feedback, dispatch in small passes with rests; catch up after
 */
public record WebhookSettings(List<Duration> retryDelays, Duration timeout, boolean allowPrivate, Duration disableAfter,
                              int concurrencyPerEndpoint, Duration retention, Duration alertInterval,
                              boolean yieldToWrites) {

    /** The Standard Webhooks schedule: after the immediate attempt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 28 h). */
    public static final String DEFAULT_RETRY_DELAYS = "5s,5m,30m,2h,5h,10h,10h";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Several days, so that a weekend outage of a receiver does not cost its subscription (as Svix does). */
    public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);
    /** Enough to drain a receiver answering in 1 s at 64 events per second per node, without flooding a fast one. */
    public static final int DEFAULT_CONCURRENCY_PER_ENDPOINT = 64;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_ALERT_INTERVAL = Duration.ofSeconds(30);

    public WebhookSettings {
        retryDelays = List.copyOf(retryDelays);
    }

    public static WebhookSettings defaults() {
        return from(Map.of());
    }

    /** From FEEDBACK_HUB_* values; IllegalArgumentException naming the variable on a bad value. */
    public static WebhookSettings from(Map<String, String> values) {
        var delays = durations(values, "FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS);
        if (delays.size() > 20) {
            throw new IllegalArgumentException("FEEDBACK_HUB_WEBHOOK_RETRY_DELAYS allows at most 20 retries, got " + delays.size());
        }
        var allowPrivate = bool(values, "FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE", false);
        var yieldToWrites = bool(values, "FEEDBACK_HUB_WEBHOOK_YIELD_TO_WRITES", true);
        var concurrencyText = values.getOrDefault("FEEDBACK_HUB_WEBHOOK_CONCURRENCY", Integer.toString(DEFAULT_CONCURRENCY_PER_ENDPOINT));
        int concurrency;
        try {
            concurrency = Integer.parseInt(concurrencyText.strip());
        } catch (NumberFormatException e) {
            concurrency = -1;
        }
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("FEEDBACK_HUB_WEBHOOK_CONCURRENCY must be an integer from 1 to 1000, got \"" + concurrencyText + "\"");
        }
        return new WebhookSettings(delays,
                positive(values, "FEEDBACK_HUB_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT, Duration.ofMinutes(5)),
                allowPrivate,
                positive(values, "FEEDBACK_HUB_WEBHOOK_DISABLE_AFTER", DEFAULT_DISABLE_AFTER, Duration.ofDays(365)),
                concurrency,
                positive(values, "FEEDBACK_HUB_WEBHOOK_RETENTION", DEFAULT_RETENTION, Duration.ofDays(365)),
                positive(values, "FEEDBACK_HUB_ALERT_INTERVAL", DEFAULT_ALERT_INTERVAL, Duration.ofDays(1)),
                yieldToWrites);
    }

    /** A node claims up to this many rounds of its concurrency ahead, so that one claim serves many deliveries. */
    static final int PREFETCH_ROUNDS = 4;

    /**
     * A claimed delivery nobody finished becomes due again after this: the worst wait behind the deliveries claimed
     * with it (each round at most one timeout) plus a margin for recording the outcome.
     */
    Duration lease() {
        return timeout.multipliedBy(PREFETCH_ROUNDS).plusSeconds(15);
    }

    public String describe() {
        return "webhook_retry_delays=" + String.join(",", retryDelays.stream().map(Durations::format).toList())
                + " webhook_timeout=" + Durations.format(timeout) + " webhook_allow_private=" + allowPrivate
                + " webhook_disable_after=" + Durations.format(disableAfter) + " webhook_concurrency=" + concurrencyPerEndpoint
                + " webhook_retention=" + Durations.format(retention) + " alert_interval=" + Durations.format(alertInterval)
                + " webhook_yield_to_writes=" + yieldToWrites;
    }

    private static boolean bool(Map<String, String> values, String name, boolean defaultValue) {
        var text = values.getOrDefault(name, Boolean.toString(defaultValue)).strip();
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got \"" + text + "\"");
        }
        return text.equals("true");
    }

    private static List<Duration> durations(Map<String, String> values, String name, String defaultValue) {
        try {
            var list = Durations.parseList(values.getOrDefault(name, defaultValue));
            if (list.stream().anyMatch(Duration::isNegative)) {
                throw new IllegalArgumentException("durations must not be negative");
            }
            return list;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be comma-separated durations such as 1s,2s,5s: " + e.getMessage(), e);
        }
    }

    private static Duration positive(Map<String, String> values, String name, Duration defaultValue, Duration max) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            var d = Durations.parse(text);
            if (!d.isZero() && d.compareTo(max) <= 0) {
                return d;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a duration from 1ms to " + Durations.format(max) + " such as 10s, got \"" + text + "\"");
    }
}
