package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.imports.ImportFormat;
import io.feedbackhub.imports.ImportRecord;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * LangSmith feedback as {@code Client.list_feedback} yields it ({@code FeedbackSchema}: id, created_at, modified_at,
 * run_id, trace_id, session_id, key, score, value, comment, correction, feedback_source {type, metadata, user_id,
 * user_name}, …), one object a line, e.g. {@code [f.model_dump_json() for f in client.list_feedback(...)]}. Read
 * with the door's own mapping ({@link LangSmithFeedback#readCreate}), then keyed {@code langsmith:<id>}, dated by
 * {@code created_at}, and authored by {@code feedback_source.user_id} when its metadata names no user.
 */
public final class ExportedFeedback implements ImportFormat {
    static final String KEY_PREFIX = "langsmith:";

    @Override
    public String name() {
        return "langsmith";
    }

    @Override
    public boolean recognizes(ObjectNode line) {
        return line.has("key") && !line.has("name");
    }

    @Override
    public ImportRecord read(ObjectNode line) {
        var draft = LangSmithFeedback.readCreate(line);
        if (draft.clientFeedbackId() == null) {
            throw new IllegalArgumentException("id: a LangSmith feedback export names each feedback by its UUID id");
        }
        var source = line.path("feedback_source");
        var author = draft.authorId() != null ? draft.authorId() : text(source.get("user_id"));
        return ImportRecord.of(draft.toBuilder().authorId(author).clientFeedbackId(KEY_PREFIX + draft.clientFeedbackId())
                .createdAt(createdAt(line.get("created_at"))).build());
    }

    /** Python's isoformat: an offset when the datetime is aware; a naive one (no offset) is UTC, as LangSmith stores it. */
    private static Instant createdAt(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        var text = node.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("created_at: expected an ISO 8601 date-time, got " + node);
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }
}
