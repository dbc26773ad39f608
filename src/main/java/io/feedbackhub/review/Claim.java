package io.feedbackhub.review;

import java.time.Instant;

/** A reviewer's lease on one slot of an item, until {@code expiresAt}; past it the slot goes back to the queue. */
public record Claim(ReviewItem item, String reviewerId, Instant expiresAt) {
}
