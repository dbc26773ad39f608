package io.feedbackhub.webhooks;

import io.feedbackhub.insight.RollupColumn;
import io.feedbackhub.insight.RollupKey;
import io.feedbackhub.insight.RollupReader;
import io.feedbackhub.insight.RollupSelection;

import java.util.Set;

/** The rollup sums an alert rule is evaluated on, read through insight's rollup reader (never from feedback rows). */
final class AlertSums {
    /** Count per label and score moments of the rule's feedback in the rollup hours [fromHour, toHour). */
    record Sums(long n, long labelled, long scoreN, double scoreSum, double scoreSq) {
    }

    private final RollupReader rollups;

    AlertSums(RollupReader rollups) {
        this.rollups = rollups;
    }

    Sums of(AlertRule rule, long fromHour, long toHour) {
        var f = rule.filter();
        // the rollups keep one further dimension per row: a metadata key's, or the content id's
        var dim = f.metadataKey() != null ? RollupKey.meta(f.metadataKey()) : f.contentId() != null ? RollupKey.CONTENT : RollupKey.ALL;
        var dimValue = f.metadataKey() != null ? f.metadataValue() : f.contentId();
        var rows = rollups.sum(new RollupSelection(rule.tenantId(), dim, fromHour, toHour, f.agentId(), f.name(), f.label(), null,
                dimValue, Set.of(RollupColumn.LABEL), false));
        var label = rule.condition().label();
        long n = 0;
        long labelled = 0;
        long scoreN = 0;
        double sum = 0;
        double sq = 0;
        for (var row : rows) {
            var c = row.counts();
            n += c.n();
            if (row.label().equals(label)) {
                labelled += c.n();
            }
            scoreN += c.scoreN();
            sum += c.scoreSum();
            sq += c.scoreSq();
        }
        return new Sums(n, labelled, scoreN, sum, sq);
    }
}
