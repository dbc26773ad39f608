package io.feedbackhub.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A queue of items for people to label. {@code form} names the feedback configs a review fills in (so labels are
 * checked like any feedback of those names); an item is done when {@code reviewersPerItem} reviewers submitted.
 * A blind queue never shows a reviewer the other reviews of an item; {@code adjudicate} sends items whose reviewers
 * disagree to an adjudicator, whose decision becomes the item's resolved label.
 */
public record ReviewQueue(String id, String name, QueueKind kind, List<String> form, int reviewersPerItem, boolean blind,
                          boolean adjudicate, String instructions, Duration lease, Instant createdAt) {
    public ReviewQueue {
        form = List.copyOf(form);
    }
}
