package io.feedbackhub.insight;

/** How many feedback in a group gave this reason. */
public record ReasonCount(String reason, long count) {
}
