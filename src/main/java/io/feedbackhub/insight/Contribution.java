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
    /** Labels that count as a positive / negative judgment in rates. Flagging an answer is a negative judgment. */
    public static final Set<String> POSITIVE_LABELS = Set.of("thumbs_up", "positive", "true");
    public static final Set<String> NEGATIVE_LABELS = Set.of("thumbs_down", "negative", "false", "flagged");

    private static final long MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

    private Contribution() {
    }

    public static Map<RollupKey, RollupCounts> of(Feedback f) {
        var rows = new LinkedHashMap<RollupKey, RollupCounts>();
        if (f == null || f.deleted()) {
            return rows;
        }
        var counts = counts(f);
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
        f.metadata().forEach((k, v) ->
                rows.put(new RollupKey(f.tenantId(), RollupKey.meta(k), hour, agent, f.name(), label, surface, v), counts));
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
    static RollupCounts counts(Feedback f) {
        boolean scored = f.score() != null && f.correction() == null;
        double score = scored ? f.score() : 0;
        return new RollupCounts(1,
                isPositive(f.label()) ? 1 : 0,
                isNegative(f.label()) ? 1 : 0,
                scored ? 1 : 0, score, score * score,
                f.comment() != null && !f.comment().isBlank() ? 1 : 0);
    }

    public static boolean isPositive(String label) {
        return label != null && POSITIVE_LABELS.contains(label);
    }

    public static boolean isNegative(String label) {
        return label != null && NEGATIVE_LABELS.contains(label);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
