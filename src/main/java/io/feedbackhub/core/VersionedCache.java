package io.feedbackhub.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;
import java.util.function.Function;

/**
 * A bounded cache of lookups that are shared by every node, invalidated by the topic's version ({@link CacheVersions}).
 *
 * <p>An entry carries the version seen before its load began, and is served only while that is the version seen now:
 * a load that raced a change is tagged with the version before the change and is never served once the change is
 * seen, even if it was stored after. Found values and misses are kept apart, each bounded: a flood of lookups of
 * what does not exist (unknown keys, unconfigured names) churns the misses alone and cannot push out a found entry.
 * Caffeine's admission (W-TinyLFU) also keeps the frequently used entries of each when a burst of new ones arrives.
 */
public final class VersionedCache<K, V> {
    private record Tagged<V>(long version, Optional<V> value) {
    }

    private final CacheVersions versions;
    private final CacheVersions.Topic topic;
    private final Cache<K, Tagged<V>> found;
    private final Cache<K, Tagged<V>> missing;

    public VersionedCache(CacheVersions versions, CacheVersions.Topic topic, int maxFound, int maxMissing) {
        this.versions = versions;
        this.topic = topic;
        this.found = Caffeine.newBuilder().maximumSize(maxFound).build();
        this.missing = Caffeine.newBuilder().maximumSize(maxMissing).build();
    }

    /** The cached answer for {@code key} when it was loaded under the current version, else {@code load}'s answer. */
    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        var current = versions.current(topic);
        if (current.isEmpty()) {
            return load.apply(key);
        }
        long version = current.getAsLong();
        var hit = found.getIfPresent(key);
        if (hit == null) {
            hit = missing.getIfPresent(key);
        }
        if (hit != null && hit.version() == version) {
            return hit.value();
        }
        var loaded = load.apply(key);
        var entry = new Tagged<>(version, loaded);
        if (loaded.isPresent()) {
            missing.invalidate(key);
            found.put(key, entry);
        } else {
            found.invalidate(key);
            missing.put(key, entry);
        }
        return loaded;
    }
}
