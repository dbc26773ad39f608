package io.feedbackhub.review;

import java.util.List;

/** What a caller asks for when creating a queue; nulls take the defaults of {@link ReviewService}. */
public record QueueDraft(String name, String kind, List<String> form, Integer reviewersPerItem, Boolean blind,
                         Boolean adjudicate, String instructions, Integer leaseSeconds) {
}
