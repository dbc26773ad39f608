package io.feedbackhub.webhooks;

import java.util.List;

/**
 * One event and the endpoints it goes to: about a revision of a record, whose body the dispatcher renders after
 * commit (payload empty), or with its body already (a purge notice, whose record is gone; an alert).
 */
public record OutboxEvent(String tenantId, String id, EventType type, String authorId, String payload, String feedbackId,
                          Integer revision, List<String> endpointIds) {
    public OutboxEvent {
        endpointIds = List.copyOf(endpointIds);
    }
}
