package io.feedbackhub.review;

import java.time.Instant;

/**
 * A filter that added items to a queue: over {@code feedback} (its {@code filter} the keys of GET /v1/feedback, as
 * JSON) or over registered {@code messages}, optionally a sample of {@code sampleRate} by hash({@code seed}, target).
 * A live filter keeps adding the answers of new matching feedback, or new matching messages.
 */
public record ItemFilter(String id, String queueId, String source, String filter, Double sampleRate, String seed, boolean live,
                         Instant createdAt) {
    public static final String FEEDBACK = "feedback";
    public static final String MESSAGES = "messages";
}
