package io.feedbackhub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lists and string maps kept as JSON text columns (the same in both databases). */
public final class JsonColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static String list(List<String> values) {
        return write(values == null ? List.of() : values);
    }

    public static String map(Map<String, String> values) {
        return write(values == null ? Map.of() : new TreeMap<>(values));
    }

    public static List<String> list(String json) {
        return json == null ? List.of() : read(json, LIST);
    }

    public static Map<String, String> map(String json) {
        return json == null ? Map.of() : read(json, MAP);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
