package io.feedbackhub.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one reading of typed members of a JSON object, shared by every door: an absent member and JSON {@code null}
 * read as null, a value of another type is reported through the door's {@link Wording} and reads as null too. The
 * reading is the same everywhere; the words are each door's own (its seed document and its tests fix them).
 */
public final class FieldReader {
    /** The JSON types a member may be required to have, by the names JSON Schema and zod give them. */
    public enum Type {
        STRING("string"), NUMBER("number"), BOOLEAN("boolean"), ARRAY("array"), OBJECT("object");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        boolean matches(JsonNode node) {
            return switch (this) {
                case STRING -> node.isTextual();
                case NUMBER -> node.isNumber();
                case BOOLEAN -> node.isBoolean();
                case ARRAY -> node.isArray();
                case OBJECT -> node.isObject();
            };
        }
    }

    /** How a door says that {@code field} holds {@code got} where a value of type {@code expected} belongs. */
    @FunctionalInterface
    public interface Wording {
        void wrongType(String field, Type expected, JsonNode got);
    }

    private final ObjectNode object;
    private final Wording wording;

    private FieldReader(ObjectNode object, Wording wording) {
        this.object = object;
        this.wording = wording;
    }

    public static FieldReader of(ObjectNode object, Wording wording) {
        return new FieldReader(object, wording);
    }

    /** The member's value, or null when it is absent or JSON {@code null}. */
    public JsonNode present(String field) {
        var node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String field) {
        var node = typed(field, Type.STRING);
        return node == null ? null : node.textValue();
    }

    /** As a double: a number beyond a double's range reads as an infinity, for the caller to bound. */
    public Double number(String field) {
        var node = typed(field, Type.NUMBER);
        return node == null ? null : node.doubleValue();
    }

    public Boolean bool(String field) {
        var node = typed(field, Type.BOOLEAN);
        return node == null ? null : node.booleanValue();
    }

    /** The member's value when present and of {@code type}; null when absent, null, or reported. */
    public JsonNode typed(String field, Type type) {
        var node = present(field);
        return node == null ? null : typed(field, node, type);
    }

    /**
     * {@code node} (read under {@code field}, present, JSON {@code null} included) when it is of {@code type}; else
     * null once reported. For doors where a present null is a wrong type rather than absent (pydantic's required fields).
     */
    public JsonNode typed(String field, JsonNode node, Type type) {
        if (type.matches(node)) {
            return node;
        }
        wording.wrongType(field, type, node);
        return null;
    }
}
