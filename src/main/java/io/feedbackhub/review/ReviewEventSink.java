package io.feedbackhub.review;

import java.time.Instant;

/** Where a queue's events go (the webhook outbox): an item got its last wanted review, or an adjudicator resolved it. */
public interface ReviewEventSink {
    void completed(String tenantId, ReviewQueue queue, ReviewItem item, Instant at);

    void resolved(String tenantId, ReviewQueue queue, ReviewItem item, Instant at);
}
