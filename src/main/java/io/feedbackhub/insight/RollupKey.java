package io.feedbackhub.insight;

/**
 * One row of the pre-aggregated rollups: a UTC hour of one tenant, split by agent, name, label and surface,
 * and by at most one further dimension ({@code dim}/{@code dimValue}). Absent values are empty strings so
 * that they can be part of the primary key.
 */
public record RollupKey(String tenantId, String dim, long bucketHour, String agentId, String name, String label,
                        String sourceSurface, String dimValue) implements Comparable<RollupKey> {

    /** Every live feedback counts exactly once in the rows of this dimension. */
    public static final String ALL = "";
    /** One row per reason given: a feedback with two reasons counts in both. */
    public static final String REASON = "reason";
    /** Feedback on a retrieved chunk, by content id. */
    public static final String CONTENT = "content";
    /** One dimension per metadata key: {@code meta:<key>}, by value. */
    public static final String META_PREFIX = "meta:";

    public static String meta(String key) {
        return META_PREFIX + key;
    }

    /**
     * Reasons (or content ids) of the feedback whose metadata {@code key} is {@code value}: {@code meta:<key>=<value>|reason},
     * by reason. The metadata value is part of the dimension, so a filter on it is an equality on the key's prefix
     * (no text range, whose order would depend on PostgreSQL's collation). Keys cannot hold {@code =}, and the
     * suffix is fixed, so the value is read back unambiguously.
     */
    public static String crossed(String key, String value, String dim) {
        return META_PREFIX + key + "=" + value + "|" + dim;
    }

    /** The metadata value of a {@link #crossed} dimension of this key and dim. */
    static String crossedValue(String crossedDim, String key, String dim) {
        var prefix = META_PREFIX + key + "=";
        return crossedDim.substring(prefix.length(), crossedDim.length() - dim.length() - 1);
    }

    /** A fixed order, so that concurrent writers lock rollup rows in the same order and cannot deadlock. */
    @Override
    public int compareTo(RollupKey o) {
        return java.util.Comparator.comparing(RollupKey::tenantId).thenComparing(RollupKey::dim)
                .thenComparingLong(RollupKey::bucketHour).thenComparing(RollupKey::agentId)
                .thenComparing(RollupKey::name).thenComparing(RollupKey::label)
                .thenComparing(RollupKey::sourceSurface).thenComparing(RollupKey::dimValue)
                .compare(this, o);
    }
}
