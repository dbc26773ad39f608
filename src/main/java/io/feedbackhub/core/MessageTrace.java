package io.feedbackhub.core;

import java.time.Instant;

/**
 * Where a message recorded from a trace came from and what it cost: the trace and span ids (lowercase hex for
 * OpenTelemetry, the vendor's ids for the other doors), the end user, token counts, latency (end − start), the error
 * the call ended with (null when it ended well), the model's finish reasons (comma-separated), and when the call
 * started and ended. Every field but the trace id may be null.
 */
public record MessageTrace(String traceId, String spanId, String userId, Long inputTokens, Long outputTokens,
                           Long latencyMs, String error, String finishReasons, Instant startedAt, Instant endedAt) {
    public MessageTrace(String traceId, String spanId, String userId, Long inputTokens, Long outputTokens,
                        Long latencyMs, String error, String finishReasons) {
        this(traceId, spanId, userId, inputTokens, outputTokens, latencyMs, error, finishReasons, null, null);
    }
}
