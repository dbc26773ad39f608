package io.feedbackhub.webhooks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values computed from a key once and reused (a parsed filter or event set, read by the store's endpoint rows; a
 * parsed URL). The keys in use are few, but nothing bounds them: past {@code max} entries everything is forgotten and
 * computed again as needed. One per owner, never shared through a static field.
 */
public final class Memo<K, V> {
    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final Function<K, V> compute;
    private final int max;

    public Memo(Function<K, V> compute, int max) {
        this.compute = compute;
        this.max = max;
    }

    public V get(K key) {
        var value = values.get(key);
        if (value == null) {
            if (values.size() > max) {
                values.clear();
            }
            value = compute.apply(key);
            values.put(key, value);
        }
        return value;
    }
}
