package io.feedbackhub.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.feedbackhub.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text of a prompt or an answer as the GenAI conventions and Langfuse carry it: a plain string, or JSON (as a
 * string attribute, or as an array/map attribute) of chat messages — {@code [{"role":"user","parts":[{"type":"text",
 * "content":"…"}]}]} (gen_ai.input/output.messages), {@code [{"role":"user","content":"…"}]} (older gen_ai.prompt,
 * OpenAI style) —. One message becomes its text; several become one line per message, {@code role: text}, so that the
 * earlier turns a span carries stay readable. Anything else is kept as compact JSON.
 */
final class Transcript {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();
    private Transcript() {
    }

    static String text(Object value) {
        var parsed = parsed(value);
        if (parsed == null) {
            return null;
        }
        if (parsed instanceof String s) {
            return s;
        }
        if (parsed instanceof List<?> list) {
            if (list.size() == 1) {
                return textOf(list.getFirst());
            }
            var lines = new ArrayList<String>();
            for (var item : list) {
                var role = item instanceof Map<?, ?> m && m.get("role") != null ? m.get("role") + ": " : "";
                lines.add(role + textOf(item));
            }
            return String.join("\n", lines);
        }
        if (parsed instanceof Map<?, ?> map && map.get("messages") instanceof List<?> messages) {
            return text(messages);
        }
        return textOf(parsed);
    }

    /** The finish reasons the output messages carry ({@code finish_reason} of each), when the span has no attribute for them. */
    static List<String> finishReasons(Object output) {
        var reasons = new ArrayList<String>();
        if (parsed(output) instanceof List<?> list) {
            for (var item : list) {
                if (item instanceof Map<?, ?> m && m.get("finish_reason") != null) {
                    reasons.add(m.get("finish_reason").toString());
                }
            }
        }
        return reasons;
    }

    /** A string holding JSON is read as JSON; a string that is not JSON is text as it is. */
    static Object parsed(Object value) {
        if (!(value instanceof String s)) {
            return value;
        }
        var t = s.strip();
        if (t.startsWith("[") || t.startsWith("{") || t.startsWith("\"")) {
            try {
                return MAPPER.readValue(t, Object.class);
            } catch (JsonProcessingException notJson) {
                return s;
            }
        }
        return s;
    }

    private static String textOf(Object item) {
        if (item == null) {
            return "";
        }
        if (item instanceof String s) {
            return s;
        }
        if (item instanceof Map<?, ?> m) {
            if (m.get("parts") instanceof List<?> parts) {
                return parts(parts);
            }
            var content = m.get("content");
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof List<?> parts) {
                return parts(parts);
            }
            if (m.get("text") instanceof String s) {
                return s;
            }
        }
        return json(item);
    }

    /** Text parts joined; a tool call or an image part is kept as its JSON. */
    private static String parts(List<?> parts) {
        var texts = new ArrayList<String>();
        for (var part : parts) {
            if (part instanceof Map<?, ?> p && (p.get("content") instanceof String || p.get("text") instanceof String)
                    && (p.get("type") == null || "text".equals(p.get("type")))) {
                texts.add(String.valueOf(p.get("content") != null ? p.get("content") : p.get("text")));
            } else {
                texts.add(json(part));
            }
        }
        return String.join("\n", texts);
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
