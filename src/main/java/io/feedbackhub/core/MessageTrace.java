package io.feedbackhub.core;

/**
 * Where a message recorded from a trace came from and what it cost: the trace and span ids (lowercase hex), the end
 * user, token counts, latency (span end − start), the error the span ended with (null when it ended well) and the
 * model's finish reasons (comma-separated). Every field but the trace id may be null.
 */
public record MessageTrace(String traceId, String spanId, String userId, Long inputTokens, Long outputTokens,
                           Long latencyMs, String error, String finishReasons) {
}
