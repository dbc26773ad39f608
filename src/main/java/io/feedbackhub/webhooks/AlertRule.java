package io.feedbackhub.webhooks;

import io.feedbackhub.insight.Interval;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An alert rule as stored: what it counts ({@code filter}) over which sliding {@code window}, the {@code condition}
 * on a rate or mean, compared through its point estimate or a bound of its 95 % interval, at least {@code minCount}
 * counted; its state and what the last evaluation saw.
 */
public record AlertRule(String tenantId, String id, String description, AlertFilter filter, Duration window, long minCount,
                        AlertCondition condition, Compare compare, boolean enabled, State state, Instant stateSince,
                        Measure last, Instant nextEvaluationAt, Instant createdAt, Instant updatedAt) {

    /** Which number the condition is checked on. A bound keeps small samples from paging anyone. */
    public enum Compare {
        ESTIMATE, LOWER_BOUND, UPPER_BOUND;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Compare> parse(String s) {
            for (var v : values()) {
                if (v.wire().equals(s)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }

    public enum State {
        OK, FIRING;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one evaluation saw: {@code count} feedback in the window (scored ones for a mean), the value (rate or
     * mean; null when nothing was counted) and its 95 % interval (Wilson for a rate, t for a mean; null without
     * enough data).
     */
    public record Measure(Instant evaluatedAt, Instant windowFrom, Instant windowTo, long count, Double value, Interval interval) {
    }

    /** The first instant counted by a window ending at {@code at}: the start of the hour {@code window} before it. */
    public static Instant windowStart(Instant at, Duration window) {
        long hour = Duration.ofHours(1).toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli() - window.toMillis(), hour) * hour);
    }

    /** True when the measure satisfies the condition: enough counted, and the compared number past the threshold. */
    public boolean holds(Measure m) {
        if (m.count() < minCount || m.value() == null) {
            return false;
        }
        Double compared = switch (compare) {
            case ESTIMATE -> m.value();
            case LOWER_BOUND -> m.interval() == null ? null : m.interval().low();
            case UPPER_BOUND -> m.interval() == null ? null : m.interval().high();
        };
        return compared != null && condition.op().holds(compared, condition.threshold());
    }
}
