package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.imports.ImportFormat;
import io.feedbackhub.imports.ImportRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;

/**
 * Langfuse scores as they leave Langfuse: the objects of {@code GET /api/public/scores} (v2: numeric {@code value},
 * the category or boolean text in {@code stringValue}), of {@code GET /api/public/v3/scores} (the typed value in
 * {@code value}), and the score rows of the UI's JSON export, one a line. Each is read as the score body it would
 * have been created with, so the mapping is the door's own ({@link ScoreRequest#toDraft}), with three differences:
 * the idempotency key is {@code langfuse:<id>}, {@code timestamp} becomes {@code created_at}, and
 * {@code authorUserId} (who annotated in Langfuse's UI) is the author when the metadata names none.
 * {@code configId} is dropped: it names a config of the source project.
 */
public final class ExportedScores implements ImportFormat {
    static final String KEY_PREFIX = "langfuse:";

    @Override
    public String name() {
        return "langfuse";
    }

    @Override
    public boolean recognizes(ObjectNode line) {
        return line.has("name") && (line.has("traceId") || line.has("observationId") || line.has("dataType"));
    }

    @Override
    public ImportRecord read(ObjectNode line) {
        var id = line.path("id");
        if (!id.isTextual() || id.textValue().isEmpty()) {
            throw new IllegalArgumentException("id: a Langfuse score export names each score by its id; got " + id);
        }
        var body = line.deepCopy();
        body.remove("configId");
        body.set("value", value(line));
        var issues = new LangfuseError.Issues();
        var request = ScoreRequest.read(body, issues);
        var draft = request == null ? null : request.toDraft(null, issues, false);
        var createdAt = timestamp(line, issues);
        if (!issues.isEmpty()) {
            var problems = new ArrayList<String>();
            for (var issue : issues.array()) {
                problems.add(issue.path("path").toString() + ": " + issue.path("message").asText());
            }
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        var author = draft.authorId() != null ? draft.authorId() : text(line.get("authorUserId"));
        return ImportRecord.of(draft.toBuilder().authorId(author).clientFeedbackId(KEY_PREFIX + id.textValue())
                .createdAt(createdAt).build());
    }

    /** v2 carries a category's and a boolean's text in stringValue beside a number; the text is what was said. */
    private static JsonNode value(ObjectNode line) {
        var type = line.path("dataType").asText("");
        var text = line.get("stringValue");
        boolean textual = type.equals("CATEGORICAL") || type.equals("TEXT") || type.equals("CORRECTION");
        return textual && text != null && text.isTextual() ? text : line.get("value");
    }

    private static Instant timestamp(ObjectNode line, LangfuseError.Issues issues) {
        var node = line.get("timestamp");
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            issues.custom("Invalid datetime: timestamp must be an ISO 8601 date-time with an offset, got " + node, "timestamp");
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }
}
