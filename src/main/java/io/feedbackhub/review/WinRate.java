package io.feedbackhub.review;

import io.feedbackhub.insight.Interval;

/**
 * How one answer (or group of answers: a model, a prompt version) fared in pairwise reviews: {@code rate} is
 * (wins + ties / 2) / comparisons, with its 95 % Wilson interval. {@code key} is null for answers whose message is not
 * registered or has no value for the grouping key.
 */
public record WinRate(String key, long comparisons, long wins, long losses, long ties, double rate, Interval interval) {
}
