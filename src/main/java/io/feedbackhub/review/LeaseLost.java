package io.feedbackhub.review;

/** The reviewer holds no live lease on the item (never claimed, released, or expired and perhaps taken by another). */
public final class LeaseLost extends RuntimeException {
    public LeaseLost(String queueId, String itemId, String reviewerId) {
        super("reviewer " + reviewerId + " holds no live lease on item " + itemId + " of queue " + queueId
                + "; claim it again with POST /v1/review-queues/" + queueId + "/next", null, false, false);
    }
}
