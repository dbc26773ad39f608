package io.feedbackhub.insight;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One read of the rollups: the rows of one or more dimensions of one tenant in the hours [fromHour, toHour), filtered
 * by the non-null column values, summed per combination of the {@code groupBy} columns ({@link RollupColumn#DIM} tells
 * the dimensions apart). {@code countOnly} reads just {@code n} (the other sums come back as zero).
 */
public record RollupSelection(String tenantId, List<String> dims, long fromHour, long toHour, String agentId, String name,
                              String label, String sourceSurface, String dimValue, Set<RollupColumn> groupBy,
                              boolean countOnly) {
    public RollupSelection {
        dims = List.copyOf(dims);
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("a rollup read needs at least one dimension");
        }
        groupBy = groupBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(groupBy));
    }

    public RollupSelection(String tenantId, String dim, long fromHour, long toHour, String agentId, String name,
                           String label, String sourceSurface, String dimValue, Set<RollupColumn> groupBy, boolean countOnly) {
        this(tenantId, List.of(dim), fromHour, toHour, agentId, name, label, sourceSurface, dimValue, groupBy, countOnly);
    }

    public String dim() {
        return dims.getFirst();
    }

    RollupSelection countingOnly() {
        return new RollupSelection(tenantId, dims, fromHour, toHour, agentId, name, label, sourceSurface, dimValue, groupBy, true);
    }
}
