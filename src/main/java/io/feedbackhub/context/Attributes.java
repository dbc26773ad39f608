package io.feedbackhub.context;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A span's, event's or resource's attributes as plain Java values (String, Long, Double, Boolean, List, Map), with the
 * configured keys' values already replaced by {@link ContextSettings#REDACTED}: nothing redacted reaches the store.
 */
final class Attributes {
    static final Attributes NONE = new Attributes(Map.of());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    static Attributes of(List<KeyValue> attributes, Set<String> redacted) {
        var values = new LinkedHashMap<String, Object>();
        for (var kv : attributes) {
            values.put(kv.getKey(), redacted.contains(kv.getKey()) ? ContextSettings.REDACTED : value(kv.getValue()));
        }
        return new Attributes(values);
    }

    /** The first of {@code keys} present, as the value it is. */
    Object value(String... keys) {
        for (var key : keys) {
            var v = values.get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The first of {@code keys} present, as text; blank counts as absent. */
    String string(String... keys) {
        for (var key : keys) {
            var v = values.get(key);
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
    }

    /** The first of {@code keys} present as a whole number (an integer attribute, or digits in a string). */
    Long number(String... keys) {
        for (var key : keys) {
            var v = values.get(key);
            if (v instanceof Long l) {
                return l;
            }
            if (v instanceof Double d) {
                return Math.round(d);
            }
            if (v instanceof String s && s.strip().matches("\\d{1,18}")) {
                return Long.parseLong(s.strip());
            }
        }
        return null;
    }

    boolean hasKeyStartingWith(String prefix) {
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    Map<String, Object> all() {
        return values;
    }

    /** The key of the first value longer than {@code maxChars} characters (text counted, arrays summed), or null. */
    String keyLongerThan(int maxChars) {
        for (var e : values.entrySet()) {
            if (size(e.getValue()) > maxChars) {
                return e.getKey();
            }
        }
        return null;
    }

    private static long size(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof List<?> list) {
            return list.stream().mapToLong(Attributes::size).sum();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().mapToLong(e -> e.getKey().toString().length() + size(e.getValue())).sum();
        }
        return 8;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                var list = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(item -> list.add(value(item)));
                yield list;
            }
            case KVLIST_VALUE -> {
                var map = new LinkedHashMap<String, Object>();
                v.getKvlistValue().getValuesList().forEach(kv -> map.put(kv.getKey(), value(kv.getValue())));
                yield map;
            }
            default -> null; // not set, or a kind newer than these classes
        };
    }
}
