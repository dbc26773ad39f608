package io.feedbackhub.review;

import io.feedbackhub.core.Feedback;

import java.util.List;

/** The feedback records a review wrote, one per answered name, and whether the item now has all its reviews. */
public record SubmittedReview(List<Feedback> feedback, boolean itemDone) {
}
