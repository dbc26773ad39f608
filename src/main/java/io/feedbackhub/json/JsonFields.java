package io.feedbackhub.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields out of one JSON object, collecting every problem instead of stopping at the first,
 * so that a caller learns all that is wrong with a request at once. Error codes follow pydantic's names
 * (missing, string_type, ...) because four of the doors answer in FastAPI's shape.
 */
public final class JsonFields {
    private final ObjectNode object;
    private final String prefix;
    private final List<FieldError> errors;
    private final FieldReader reader;

    private JsonFields(ObjectNode object, String prefix, List<FieldError> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
        this.reader = FieldReader.of(object, wording(errors, prefix));
    }

    /**
     * The native wording, what was expected and the kind of value that came, as field errors named
     * {@code prefix + field}: for readers of a nested object ({@code filter.}) that collect their own errors.
     */
    public static FieldReader.Wording wording(List<FieldError> errors, String prefix) {
        return (field, expected, got) -> errors.add(new FieldError(prefix + field, switch (expected) {
            case STRING -> "must be a string, got ";
            case NUMBER -> "must be a number, got ";
            case BOOLEAN -> "must be a boolean, got ";
            case ARRAY -> "must be an array of strings, got ";
            case OBJECT -> "must be an object of string values, got ";
        } + kind(got), switch (expected) {
            case STRING -> "string_type";
            case NUMBER -> "float_type";
            case BOOLEAN -> "bool_type";
            case ARRAY -> "list_type";
            case OBJECT -> "dict_type";
        }));
    }

    /** The body must be a JSON object; anything else is one error on the body itself. */
    public static JsonFields of(JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            throw new InvalidInput(new FieldError("", "the body must be a JSON object, got " + kind(body), "model_attributes_type"));
        }
        return new JsonFields(o, "", new ArrayList<>());
    }

    public JsonNode raw(String field) {
        return object.get(field);
    }

    public boolean has(String field) {
        return object.has(field);
    }

    public boolean isNull(String field) {
        return object.has(field) && object.get(field).isNull();
    }

    public String string(String field) {
        return reader.string(field);
    }

    /** An ISO-8601 instant with its offset ({@code 2025-03-01T12:00:00Z}, {@code …+02:00}). */
    public Instant instant(String field) {
        var text = string(field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            error(field, "must be an ISO-8601 date-time with an offset such as 2025-03-01T12:00:00Z, got \"" + text + "\"",
                    "datetime");
            return null;
        }
    }

    public String requiredString(String field) {
        if (!has(field) || isNull(field)) {
            errors.add(new FieldError(prefix + field, "is required", "missing"));
            return null;
        }
        return string(field);
    }

    public Double number(String field) {
        var value = reader.number(field);
        if (value == null) {
            return null;
        }
        if (!Double.isFinite(value)) {
            error(field, "must be a finite number", "finite_number");
            return null;
        }
        return value;
    }

    public Boolean bool(String field) {
        return reader.bool(field);
    }

    public List<String> strings(String field) {
        var node = reader.typed(field, FieldReader.Type.ARRAY);
        if (node == null) {
            return null;
        }
        var values = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            var item = reader.typed(field + "[" + i + "]", node.get(i), FieldReader.Type.STRING);
            if (item != null) {
                values.add(item.textValue());
            }
        }
        return values;
    }

    /** A flat map of string values (metadata). */
    public Map<String, String> stringMap(String field) {
        var node = reader.typed(field, FieldReader.Type.OBJECT);
        if (node == null) {
            return null;
        }
        var values = new LinkedHashMap<String, String>();
        node.properties().forEach(e -> {
            var value = reader.typed(field + "." + e.getKey(), e.getValue(), FieldReader.Type.STRING);
            if (value != null) {
                values.put(e.getKey(), value.textValue());
            }
        });
        return values;
    }

    /** A free-form JSON object, returned as its compact JSON text. */
    public String objectText(String field) {
        var node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            error(field, "must be a JSON object, got " + kind(node), "dict_type");
            return null;
        }
        return node.toString();
    }

    /** For partial updates: absent means keep, null means clear. */
    public <T> Change<T> change(String field, java.util.function.Function<String, T> read) {
        if (!has(field)) {
            return Change.keep();
        }
        return Change.set(isNull(field) ? null : read.apply(field));
    }

    public void rejectUnknown(Set<String> allowed) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(prefix + name, "is not a known field", "extra_forbidden"));
            }
        });
    }

    public void error(String field, String message, String code) {
        errors.add(new FieldError(prefix + field, message, code));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Throws every error collected so far, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    public static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
