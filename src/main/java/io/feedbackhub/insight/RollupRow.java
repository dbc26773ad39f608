package io.feedbackhub.insight;

/**
 * Summed rollup counts for one combination of the grouped columns; a column that was not grouped is null
 * ({@code hour}: {@link #NO_HOUR}). Absent values (no agent, no label) are empty strings, as in the rollups.
 */
public record RollupRow(long hour, String agentId, String name, String label, String sourceSurface, String dimValue,
                        String dim, RollupCounts counts) {
    public static final long NO_HOUR = Long.MIN_VALUE;

    String value(RollupColumn column) {
        return switch (column) {
            case HOUR -> Long.toString(hour);
            case AGENT -> agentId;
            case NAME -> name;
            case LABEL -> label;
            case SURFACE -> sourceSurface;
            case VALUE -> dimValue;
            case DIM -> dim;
        };
    }
}
