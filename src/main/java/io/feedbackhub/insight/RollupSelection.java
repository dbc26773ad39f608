package io.feedbackhub.insight;

import java.util.EnumSet;
import java.util.Set;

/**
 * One read of the rollups: the rows of one dimension of one tenant in the hours [fromHour, toHour), filtered by
 * the non-null column values, summed per combination of the {@code groupBy} columns. {@code countOnly} reads just
 * {@code n} (the other sums come back as zero), which is all top reasons need.
 */
public record RollupSelection(String tenantId, String dim, long fromHour, long toHour, String agentId, String name,
                              String label, String sourceSurface, String dimValue, Set<RollupColumn> groupBy,
                              boolean countOnly) {
    public RollupSelection {
        groupBy = groupBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groupBy));
    }

    RollupSelection countingOnly() {
        return new RollupSelection(tenantId, dim, fromHour, toHour, agentId, name, label, sourceSurface, dimValue, groupBy, true);
    }
}
