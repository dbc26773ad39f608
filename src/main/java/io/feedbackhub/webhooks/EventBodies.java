package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.insight.Scales;
import io.feedbackhub.json.FeedbackJson;

import java.time.Instant;

/** The body of a feedback event: {@code {"type", "timestamp", "data"}}, data the native record, or only its id once purged. */
public final class EventBodies implements OutboxStore.Bodies {
    private final ObjectMapper json;

    public EventBodies(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String render(EventType type, Feedback record, Instant now, Scales scales) {
        var body = json.createObjectNode();
        body.put("type", type.wire());
        var at = switch (type) {
            case FEEDBACK_DELETED -> record.deletedAt();
            case FEEDBACK_PURGED -> now;
            default -> record.updatedAt();
        };
        body.put("timestamp", at.toString());
        if (type == EventType.FEEDBACK_PURGED) {
            body.putObject("data").put("id", record.id());
        } else {
            body.set("data", FeedbackJson.write(record, scales));
        }
        return body.toString();
    }
}
