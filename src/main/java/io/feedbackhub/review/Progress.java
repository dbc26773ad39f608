package io.feedbackhub.review;

import java.util.List;

/**
 * How far a queue is: items with all their reviews, reviews submitted, slots leased now; and per reviewer.
 *
 * @param needed reviews still to give: items × reviewers per item − reviews submitted
 */
public record Progress(long items, long doneItems, long reviews, long leased, long needed, List<ReviewerProgress> reviewers) {

    public record ReviewerProgress(String reviewerId, long reviewed, long leased, long skipped) {
    }
}
