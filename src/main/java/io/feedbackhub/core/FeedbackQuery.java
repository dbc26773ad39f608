package io.feedbackhub.core;

import java.util.Objects;

/**
 * A page of a feedback listing: which records ({@link #filter}), in which {@link #order}, and where the page starts:
 * after the record {@code afterId} (a keyset page, which no concurrent insert can shift) or, for vendor APIs that
 * page by number, {@code offset} records in. At most {@code limit} records.
 */
public record FeedbackQuery(FeedbackFilter filter, Order order, String afterId, long offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public FeedbackQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0 || (offset > 0 && afterId != null)) {
            throw new IllegalArgumentException("a page starts after a record or at an offset >= 0, got after " + afterId + " and offset " + offset);
        }
    }

    /** The first page, newest first. */
    public static FeedbackQuery of(FeedbackFilter filter, int limit) {
        return new FeedbackQuery(filter, Order.NEWEST_FIRST, null, 0, limit);
    }

    public FeedbackQuery after(String id) {
        return new FeedbackQuery(filter, order, id, 0, limit);
    }

    public FeedbackQuery at(long offset) {
        return new FeedbackQuery(filter, order, null, offset, limit);
    }

    public FeedbackQuery ordered(Order order) {
        return new FeedbackQuery(filter, order, afterId, offset, limit);
    }

    public FeedbackQuery filtered(FeedbackFilter filter) {
        return new FeedbackQuery(filter, order, afterId, offset, limit);
    }
}
