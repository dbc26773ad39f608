package io.feedbackhub.webhooks;

import io.feedbackhub.json.Json;
import io.feedbackhub.review.ReviewEventSink;
import io.feedbackhub.review.ReviewItem;
import io.feedbackhub.review.ReviewQueue;

import java.time.Instant;

/**
 * Queues {@code review.completed} and {@code review_item.resolved} for the endpoints that subscribed to them. The event
 * is written in its own transaction just after the queue's (the slot marked done, the label resolved): a node that
 * dies between the two loses that one event, the review itself stays.
 */
public final class ReviewEvents implements ReviewEventSink {
    private final OutboxStore outbox;

    ReviewEvents(OutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public void completed(String tenantId, ReviewQueue queue, ReviewItem item, Instant at) {
        outbox.publish(tenantId, EventType.REVIEW_COMPLETED, payload(EventType.REVIEW_COMPLETED, queue, item, at), at);
    }

    @Override
    public void resolved(String tenantId, ReviewQueue queue, ReviewItem item, Instant at) {
        outbox.publish(tenantId, EventType.REVIEW_ITEM_RESOLVED, payload(EventType.REVIEW_ITEM_RESOLVED, queue, item, at), at);
    }

    /** {"type", "timestamp", "data": {queue_id, queue_name, reviewers_per_item, item: {id, message_id, trace_id, thread_id, resolved?}}}. */
    static String payload(EventType type, ReviewQueue queue, ReviewItem item, Instant at) {
        var body = Json.object().put("type", type.wire()).put("timestamp", at.toString());
        var data = body.putObject("data").put("queue_id", queue.id()).put("queue_name", queue.name())
                .put("reviewers_per_item", queue.reviewersPerItem());
        var i = data.putObject("item").put("id", item.id()).put("message_id", item.messageId()).put("trace_id", item.traceId())
                .put("thread_id", item.threadId());
        if (item.resolvedLabel() != null) {
            i.putObject("resolved").put("name", item.resolvedName()).put("label", item.resolvedLabel()).put("by", item.resolvedBy())
                    .put("at", item.resolvedAt().toString());
        }
        return body.toString();
    }
}
