package io.feedbackhub.review;

import java.util.List;

/**
 * Pairs that cannot enter a pairwise queue because both their messages are already the first of another pair there: a
 * pair's reviews are written on its first message, and two pairs sharing one would share a reviewer's feedback slot.
 */
public final class PairsCrowded extends RuntimeException {
    private final transient List<ReviewItem> pairs;

    public PairsCrowded(List<ReviewItem> pairs) {
        super(pairs.size() + " pair(s) have both messages already first of another pair in this queue");
        this.pairs = List.copyOf(pairs);
    }

    public List<ReviewItem> pairs() {
        return pairs;
    }
}
