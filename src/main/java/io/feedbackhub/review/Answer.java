package io.feedbackhub.review;

import java.util.List;

/** A reviewer's value for one name of the queue's form. */
public record Answer(String name, String label, Double score, String comment, List<String> reasons, String correction) {
}
