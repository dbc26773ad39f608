package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reading the vendors' tracing bodies (Langfuse ingestion, LangSmith runs, Parea trace logs) into the values of a
 * traced answer: text, scalars, counts and timestamps as their SDKs write them. What is recorded, and how it is
 * bounded, is {@code context.TraceRecorder}'s.
 */
public final class TraceJson {
    private TraceJson() {
    }

    /** A prompt or answer as text: a JSON string as itself, any other JSON value as its JSON text; absent is null. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** A string, number or boolean field as text, or null. */
    public static String scalar(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber() || node.isBoolean()) ? node.asText() : null;
    }

    public static String firstText(JsonNode... nodes) {
        for (var n : nodes) {
            var s = scalar(n);
            if (s != null && !s.isEmpty()) {
                return s;
            }
        }
        return null;
    }

    /** A token count: a whole number (a float is rounded), else null. */
    public static Long count(JsonNode node) {
        return node != null && node.isNumber() && node.doubleValue() >= 0 ? Math.round(node.doubleValue()) : null;
    }

    /**
     * A timestamp as the SDKs write it: ISO 8601 with an offset, without one (LangSmith's Python SDK writes naive
     * UTC), or epoch milliseconds. Anything else is null: a time only feeds the latency, which is then left out.
     */
    public static Instant time(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (!node.isTextual()) {
            return null;
        }
        var s = node.textValue();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
