package io.feedbackhub.context;

import io.feedbackhub.core.ContextBuffer;
import io.feedbackhub.core.ContextSampling;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep-if-judged sampling (docs/context.md): a tenant that turns it on keeps what its traces say only for traces that
 * receive feedback or enter a review queue within the window. Every traced answer recorded while it is on puts its
 * trace in the tenant's buffer ({@link ContextBuffer}); the hourly sweep keeps the judged and drops the rest once
 * their window has passed, and the buffer never holds more than the configured traces and bytes per tenant (the
 * oldest leave first, kept if judged by then).
 */
public final class KeepIfJudged {
    /** A tenant's setting is read at most this often per node: a change takes effect within it. */
    static final Duration SETTING_CACHED_FOR = Duration.ofSeconds(5);

    private final ContextBuffer buffer;
    private final long maxTraces;
    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> settings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Since> sinceCapsChecked = new ConcurrentHashMap<>();

    private record Cached(ContextSampling sampling, Instant readAt) {
    }

    private static final class Since {
        final AtomicLong traces = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    public KeepIfJudged(ContextBuffer buffer, ContextSettings settings, Clock clock) {
        this.buffer = buffer;
        this.maxTraces = settings.bufferMaxTraces();
        this.maxBytes = settings.bufferMaxBytes();
        this.clock = clock;
    }

    public ContextSampling sampling(String tenantId) {
        return buffer.sampling(tenantId).orElse(ContextSampling.DEFAULT);
    }

    /** Sets the tenant's sampling; a window outside 5 minutes to 30 days is refused. */
    public ContextSampling put(String tenantId, boolean keepIfJudged, Duration window) {
        if (window.compareTo(ContextSampling.MIN_WINDOW) < 0 || window.compareTo(ContextSampling.MAX_WINDOW) > 0) {
            throw new InvalidInput(FieldError.of("window_seconds", "must be from " + ContextSampling.MIN_WINDOW.toSeconds()
                    + " to " + ContextSampling.MAX_WINDOW.toSeconds() + " seconds, got " + window.toSeconds()));
        }
        var saved = buffer.putSampling(tenantId, new ContextSampling(keepIfJudged, window, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        settings.remove(tenantId);
        return saved;
    }

    public long maxTraces() {
        return maxTraces;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A traced answer just recorded, with the text it brought. */
    record Recorded(Message message, String prompt, String answer) {
    }

    /**
     * Puts the messages' traces in the buffer, in one transaction, when the tenant samples. The caps are checked once
     * 1% of either cap was added since the last check (every trace for small caps), so a busy tenant pays a count now
     * and then, not per span; the buffer may run over a cap by that 1% in between.
     */
    void recorded(String tenantId, List<Recorded> recorded) {
        if (recorded.isEmpty() || !cachedSampling(tenantId).keepIfJudged()) {
            return;
        }
        var bytesByTrace = new TreeMap<String, Long>(); // in key order: two concurrent requests cannot deadlock
        for (var r : recorded) {
            if (r.message().trace() != null) {
                bytesByTrace.merge(r.message().trace().traceId(), utf8(r.prompt()) + utf8(r.answer()), Long::sum);
            }
        }
        if (bytesByTrace.isEmpty()) {
            return;
        }
        buffer.buffer(tenantId, bytesByTrace, clock.instant());
        var since = sinceCapsChecked.computeIfAbsent(tenantId, t -> new Since());
        long traces = since.traces.addAndGet(bytesByTrace.size());
        long added = since.bytes.addAndGet(bytesByTrace.values().stream().mapToLong(Long::longValue).sum());
        if (traces >= Math.max(1, maxTraces / 100) || added >= Math.max(1, maxBytes / 100)) {
            since.traces.set(0);
            since.bytes.set(0);
            buffer.enforceCaps(tenantId, maxTraces, maxBytes);
        }
    }

    /** The sweep's part: judged traces past their window are kept, the others dropped. Answers how many were dropped. */
    public int sweep(Instant now) {
        return buffer.sweep(now);
    }

    private ContextSampling cachedSampling(String tenantId) {
        var now = clock.instant();
        var cached = settings.get(tenantId);
        if (cached == null || cached.readAt().plus(SETTING_CACHED_FOR).isBefore(now)) {
            cached = new Cached(sampling(tenantId), now);
            settings.put(tenantId, cached);
        }
        return cached.sampling();
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
