package io.feedbackhub.context;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * How context taken from traces is kept: how long its prompt and answer text lives ({@code FEEDBACK_HUB_CONTEXT_RETENTION}),
 * which span and resource attribute keys have their values replaced before anything is stored
 * ({@code FEEDBACK_HUB_CONTEXT_REDACT}), and how large one request may be once decompressed.
 */
public record ContextSettings(Duration retention, Set<String> redactedKeys, long maxRequestBytes, long bufferMaxTraces,
                              long bufferMaxBytes) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /**
     * Keep-if-judged's buffer per tenant (FEEDBACK_HUB_CONTEXT_BUFFER_TRACES, FEEDBACK_HUB_CONTEXT_BUFFER_MB): a day of
     * a busy assistant (about one trace a second) and its text, beyond which the oldest unjudged traces are dropped.
     */
    public static final int DEFAULT_BUFFER_TRACES = 100_000;
    public static final int DEFAULT_BUFFER_MB = 512;
    /** What a redacted attribute's value becomes: the key stays, so one can see that something was said. */
    public static final String REDACTED = "[redacted]";

    public ContextSettings {
        redactedKeys = Set.copyOf(redactedKeys);
    }

    public ContextSettings(Duration retention, Set<String> redactedKeys, long maxRequestBytes) {
        this(retention, redactedKeys, maxRequestBytes, DEFAULT_BUFFER_TRACES, DEFAULT_BUFFER_MB * 1024L * 1024L);
    }

    /** {@code redact}: a comma-separated list of attribute keys, e.g. {@code gen_ai.input.messages,user.email}. */
    public static Set<String> redactedKeys(String redact) {
        if (redact == null || redact.isBlank()) {
            return Set.of();
        }
        var keys = new TreeSet<String>();
        for (var key : redact.split(",")) {
            if (!key.isBlank()) {
                keys.add(key.strip());
            }
        }
        return keys;
    }

    public String describe() {
        var redacted = redactedKeys.isEmpty() ? "none" : String.join(",", new TreeSet<>(redactedKeys));
        return "context_retention=" + retention.toSeconds() + "s context_redact=" + redacted
                + " context_buffer_traces=" + bufferMaxTraces + " context_buffer_bytes=" + bufferMaxBytes;
    }
}
