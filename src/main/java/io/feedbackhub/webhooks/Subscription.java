package io.feedbackhub.webhooks;

import io.feedbackhub.core.Feedback;

import java.util.Set;

/** What matching an event needs of an endpoint. */
public record Subscription(String endpointId, Set<EventType> events, FeedbackFilter filter) {
    public Subscription {
        events = Set.copyOf(events);
    }

    boolean wants(EventType type, Feedback record) {
        return events.contains(type) && filter.matches(record);
    }
}
