package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One traced answer as a door read it (an OpenTelemetry span, a Langfuse trace or generation, a LangSmith run, a
 * Parea trace log), for {@link TraceRecorder}; a null field is "not said in this request", so that a create and an
 * update sent apart merge. {@code dimensions} are only what feedback should be broken down by (environment, name,
 * prompt_version, the caller's own metadata scalars, …): ids, tokens, latency, times and errors go to the trace fields.
 */
public record TracedAnswer(String id, String threadId, String prompt, String answer, String model,
                           Map<String, String> dimensions, String traceId, String spanId, String userId,
                           Long inputTokens, Long outputTokens, Long latencyMs, String error, String finishReasons,
                           Instant start, Instant end) {
    public TracedAnswer {
        dimensions = dimensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    public static Builder of(String id) {
        return new Builder(id);
    }

    /** A door fills what its request said; everything else stays null. */
    public static final class Builder {
        private final String id;
        private String threadId;
        private String prompt;
        private String answer;
        private String model;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private String traceId;
        private String spanId;
        private String userId;
        private Long inputTokens;
        private Long outputTokens;
        private Long latencyMs;
        private String error;
        private String finishReasons;
        private Instant start;
        private Instant end;

        private Builder(String id) {
            this.id = id;
        }

        public Builder thread(String threadId) {
            this.threadId = threadId;
            return this;
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder answer(String answer) {
            this.answer = answer;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** A dimension, unless the value is null; bounds are the recorder's. */
        public Builder dimension(String key, String value) {
            if (key != null && value != null) {
                dimensions.put(key, value);
            }
            return this;
        }

        /** A JSON object's top-level strings, numbers and booleans (the caller's own metadata) as dimensions. */
        public Builder dimensionsFrom(JsonNode object) {
            if (object != null && object.isObject()) {
                object.properties().forEach(e -> {
                    var v = e.getValue();
                    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                        dimension(e.getKey(), v.asText());
                    }
                });
            }
            return this;
        }

        public Builder trace(String traceId, String spanId) {
            this.traceId = traceId;
            this.spanId = spanId;
            return this;
        }

        public Builder user(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder tokens(Long input, Long output) {
            this.inputTokens = input;
            this.outputTokens = output;
            return this;
        }

        /** An explicit latency (Parea's, OpenTelemetry's); without one it is computed from start and end. */
        public Builder latencyMs(Long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder finishReasons(String finishReasons) {
            this.finishReasons = finishReasons;
            return this;
        }

        public Builder times(Instant start, Instant end) {
            this.start = start;
            this.end = end;
            return this;
        }

        public TracedAnswer build() {
            return new TracedAnswer(id, threadId, prompt, answer, model, dimensions, traceId, spanId, userId,
                    inputTokens, outputTokens, latencyMs, error, finishReasons, start, end);
        }
    }
}
