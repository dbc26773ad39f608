package io.feedbackhub.insight;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters stats can apply exactly from the rollups: the columns every rollup row carries, and at most one
 * metadata key (a metadata filter reads the rows of that key's dimension). All optional.
 */
public record StatsFilters(String agentId, String name, String label, String sourceSurface, String metadataKey,
                           String metadataValue) {
    public static final StatsFilters NONE = new StatsFilters(null, null, null, null, null, null);

    public boolean hasMetadata() {
        return metadataKey != null;
    }

    /** The filters as the caller named them, for echoing back. */
    public Map<String, String> asMap() {
        var map = new LinkedHashMap<String, String>();
        put(map, "agent_id", agentId);
        put(map, "name", name);
        put(map, "label", label);
        put(map, "source_surface", sourceSurface);
        if (metadataKey != null) {
            map.put(Dimension.METADATA_PREFIX + metadataKey, metadataValue);
        }
        return map;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
