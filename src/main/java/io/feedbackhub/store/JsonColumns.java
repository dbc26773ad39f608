package io.feedbackhub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Lists and string maps kept as JSON text columns (the same in both databases). */
public final class JsonColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonColumns() {
    }

    /**
     * Written by hand, not by Jackson: every feedback row writes three of these columns, on the writer thread
     * (Jackson there was 6-7 % of its Java time, bench/RESULTS.md). The text is what Jackson writes.
     */
    public static String list(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "[]";
        }
        var out = new StringBuilder(16 * values.size()).append('[');
        for (int i = 0; i < values.size(); i++) {
            string(i == 0 ? out : out.append(','), values.get(i));
        }
        return out.append(']').toString();
    }

    /** The entries in key order, so that equal maps are equal text. */
    public static String map(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return "{}";
        }
        var sorted = values instanceof SortedMap<String, String> m && m.comparator() == null ? values : new TreeMap<>(values);
        var out = new StringBuilder(32 * sorted.size()).append('{');
        for (var entry : sorted.entrySet()) {
            string(out.length() == 1 ? out : out.append(','), entry.getKey()).append(':');
            string(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    private static StringBuilder string(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static List<String> list(String json) {
        return json == null ? List.of() : read(json, LIST);
    }

    public static Map<String, String> map(String json) {
        return json == null ? Map.of() : read(json, MAP);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
