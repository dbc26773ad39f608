package io.feedbackhub.review;

import io.feedbackhub.core.FeedbackFilter;

/**
 * What a caller asks for when adding items by a filter: over feedback ({@code feedback}, with {@code filterJson} its
 * stored form) or over messages ({@code messages}); one of the two is set.
 */
public record FilterDraft(FeedbackFilter feedback, MessageFilter messages, String filterJson, Double sampleRate, String seed,
                          Boolean live) {
}
