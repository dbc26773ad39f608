package io.feedbackhub.insight;

import io.feedbackhub.core.Feedback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one live feedback adds to the rollups; a tombstone adds nothing. Every write path applies
 * "old contribution out, new contribution in" in the same transaction as the write, so the rollups always
 * equal a recount of the live rows.
 */
public final class Contribution {
    /** Labels that count as a positive / negative judgment whatever the config (see {@link Scales}). */
    public static final Set<String> POSITIVE_LABELS = Scales.POSITIVE_LABELS;
    public static final Set<String> NEGATIVE_LABELS = Scales.NEGATIVE_LABELS;

    private static final long MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

    private Contribution() {
    }

    /**
     * The rows one feedback counts in. {@code scales} (the tenant's feedback configs) decides whether it is positive
     * or negative; a config change therefore recounts the rollups of its name (store/RollupRecount). Besides the
     * single dimensions, reasons and content ids are crossed with each metadata key ({@link RollupKey#crossed}), so
     * that "reasons within prompt_version v3" is one exact read.
     */
    public static Map<RollupKey, RollupCounts> of(Feedback f, Scales scales) {
        var rows = new LinkedHashMap<RollupKey, RollupCounts>();
        if (f == null || f.deleted()) {
            return rows;
        }
        var counts = counts(f, scales);
        long hour = bucketHour(f);
        var agent = orEmpty(f.target().agentId());
        var label = orEmpty(f.label());
        var surface = orEmpty(f.sourceSurface());
        rows.put(new RollupKey(f.tenantId(), RollupKey.ALL, hour, agent, f.name(), label, surface, ""), counts);
        for (var reason : Set.copyOf(f.reasons())) {
            rows.put(new RollupKey(f.tenantId(), RollupKey.REASON, hour, agent, f.name(), label, surface, reason), counts);
        }
        if (f.target().contentId() != null) {
            rows.put(new RollupKey(f.tenantId(), RollupKey.CONTENT, hour, agent, f.name(), label, surface, f.target().contentId()), counts);
        }
        var reasons = Set.copyOf(f.reasons());
        f.metadata().forEach((k, v) -> {
            rows.put(new RollupKey(f.tenantId(), RollupKey.meta(k), hour, agent, f.name(), label, surface, v), counts);
            for (var reason : reasons) {
                rows.put(new RollupKey(f.tenantId(), RollupKey.crossed(k, v, RollupKey.REASON), hour, agent, f.name(), label, surface, reason), counts);
            }
            if (f.target().contentId() != null) {
                rows.put(new RollupKey(f.tenantId(), RollupKey.crossed(k, v, RollupKey.CONTENT), hour, agent, f.name(), label, surface,
                        f.target().contentId()), counts);
            }
        });
        return rows;
    }

    /** The UTC hour a feedback counts in: the hour it was created in, whatever later revisions change. */
    public static long bucketHour(Feedback f) {
        return Math.floorDiv(f.createdAt().toEpochMilli(), MILLIS_PER_HOUR);
    }

    /**
     * A correction is a gold answer, not a rating: its score (if any) stays out of score means, which would
     * otherwise mix "how good was it" with "what it should have said".
     */
    static RollupCounts counts(Feedback f, Scales scales) {
        boolean scored = f.score() != null && f.correction() == null;
        double score = scored ? f.score() : 0;
        var polarity = scales.polarity(f);
        return new RollupCounts(1,
                polarity == Polarity.POSITIVE ? 1 : 0,
                polarity == Polarity.NEGATIVE ? 1 : 0,
                scored ? 1 : 0, score, score * score,
                f.comment() != null && !f.comment().isBlank() ? 1 : 0);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
