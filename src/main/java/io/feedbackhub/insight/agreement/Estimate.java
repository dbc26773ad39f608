package io.feedbackhub.insight.agreement;

import io.feedbackhub.insight.Interval;

/**
 * A coefficient and its 95 % interval. The value is null where the coefficient is undefined (every rating the
 * same value: no disagreement is possible, so none can be expected); the interval is null when too few bootstrap
 * resamples define it.
 */
public record Estimate(Double value, Interval interval) {
    static final Estimate UNDEFINED = new Estimate(null, null);
}
