package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The body of Devic's submit operations (seed 003, "Request Body"): {@code messageId} required, the rest optional.
 * Members the seed does not name are ignored, as Devic's NestJS DTOs do without {@code forbidNonWhitelisted};
 * an explicit {@code null} counts as absent.
 *
 * @param feedbackData the JSON object as compact text with every token as the client wrote it
 */
record DevicFeedbackRequest(String messageId, Boolean feedback, String feedbackComment, String feedbackData) {
    static final String DATA = "feedbackData";

    static DevicFeedbackRequest read(String body) {
        var in = JsonFields.of(Json.parse(body));
        var messageId = in.requiredString("messageId");
        if (messageId != null && messageId.isEmpty()) {
            in.error("messageId", "must not be empty", "string_too_short");
        }
        var feedback = in.bool("feedback");
        var comment = in.string("feedbackComment");
        var data = in.objectText(DATA) == null ? null : exactObjectText(body);
        // The core needs a value to store; feedbackData alone is context, not a judgment (see docs/dialects/devic.md).
        if (in.errors().isEmpty() && feedback == null && comment == null) {
            in.error("feedback", "at least one of feedback and feedbackComment is required", "missing");
        }
        in.throwIfInvalid();
        return new DevicFeedbackRequest(messageId, feedback, comment, data);
    }

    /**
     * {@code true}/{@code false} is Devic's thumbs up/down (seed: "true = positive, false = negative"); the core
     * scores them 1/0. Without {@code feedback} (a comment alone) no label is stored, so the comment does not count
     * as either reaction in rates.
     */
    String label() {
        if (feedback == null) {
            return null;
        }
        return feedback ? "thumbs_up" : "thumbs_down";
    }

    /**
     * feedbackData is the client's own structure, answered back as given: a tree round trip would turn 4.50 into
     * 4.5 and 2.5e-3 into 0.0025, so the top-level member is re-read as tokens and copied with each number's text
     * kept verbatim (only insignificant whitespace goes). The body has already been parsed once, so it is valid.
     */
    private static String exactObjectText(String body) {
        try (JsonParser p = Json.factory().createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                p.nextToken();
                if (name.equals(DATA)) {
                    return copy(p);
                }
                p.skipChildren();
            }
            throw new IllegalStateException(DATA + " vanished between two parses of one body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String copy(JsonParser p) throws IOException {
        var out = new StringWriter();
        try (var g = Json.factory().createGenerator(out)) {
            int depth = 0;
            do {
                switch (p.currentToken()) {
                    case START_OBJECT -> { g.writeStartObject(); depth++; }
                    case END_OBJECT -> { g.writeEndObject(); depth--; }
                    case START_ARRAY -> { g.writeStartArray(); depth++; }
                    case END_ARRAY -> { g.writeEndArray(); depth--; }
                    case FIELD_NAME -> g.writeFieldName(p.currentName());
                    case VALUE_STRING -> g.writeString(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                    case VALUE_TRUE -> g.writeBoolean(true);
                    case VALUE_FALSE -> g.writeBoolean(false);
                    case VALUE_NULL -> g.writeNull();
                    default -> throw new IllegalStateException("unexpected JSON token " + p.currentToken());
                }
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }
}
