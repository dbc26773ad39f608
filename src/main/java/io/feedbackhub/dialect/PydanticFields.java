package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One JSON request body read field by field the way a pydantic v2 model reads it: the door names each field's
 * type, in the model's declaration order, and every problem goes to {@code errors} at {@code ["body", field]}.
 * A field with a problem reads as null; the door throws {@code errors} once it has read them all.
 *
 * <p>{@code required...} is a field without a default: absent is {@code missing} (with the whole body as input),
 * and null is not a value of its type. {@code nullable...} is {@code Optional[...] = None}: absent and null both
 * read as null.
 */
public final class PydanticFields {
    private final ObjectNode object;
    private final RequestValidationError errors;
    private final FieldReader reader;

    public PydanticFields(ObjectNode object, RequestValidationError errors) {
        this.object = object;
        this.errors = errors;
        this.reader = FieldReader.of(object, errors.bodyWording());
    }

    /**
     * The body a FastAPI route reads, or null after recording why there is none: an empty body and a JSON
     * {@code null} are the required body missing (loc {@code ["body"]}), anything but an object is
     * {@code model_attributes_type}. Text that is not JSON at all throws {@link Json.MalformedJson} at once, as
     * FastAPI decodes the body before it validates anything.
     */
    public static PydanticFields ofBody(String text, RequestValidationError errors) {
        JsonNode body = text == null || text.isBlank() ? NullNode.getInstance() : Json.parse(text);
        if (body.isNull()) {
            errors.missing(null, "body");
            return null;
        }
        if (!(body instanceof ObjectNode object)) {
            errors.notAnObject(body);
            return null;
        }
        return new PydanticFields(object, errors);
    }

    /** A {@code uuid.UUID} path parameter in canonical form, or null after an error at {@code ["path", name]}. */
    public static String pathUuid(String name, String value, RequestValidationError errors) {
        var uuid = PydanticUuid.parse(value);
        if (!uuid.valid()) {
            errors.uuidParsing(TextNode.valueOf(value), uuid.error(), "path", name);
        }
        return uuid.canonical();
    }

    public ObjectNode object() {
        return object;
    }

    public boolean has(String field) {
        return object.has(field);
    }

    public String requiredString(String field) {
        return required(field, this::string);
    }

    public String nullableString(String field) {
        return nullable(field, this::string);
    }

    /** A plain {@code str} with a default: absent takes the default, null is not a string. */
    public String stringOrDefault(String field, String defaultValue) {
        var node = object.get(field);
        return node == null ? defaultValue : string(node, field);
    }

    public String requiredUuid(String field) {
        return required(field, this::uuid);
    }

    public String nullableUuid(String field) {
        return nullable(field, this::uuid);
    }

    /** An enum of strings, {@code members} in declaration order; any other value is pydantic's enum error. */
    public String requiredEnum(String field, List<String> members) {
        return required(field, (node, name) -> enumeration(node, name, members));
    }

    public String nullableEnum(String field, List<String> members) {
        return nullable(field, (node, name) -> enumeration(node, name, members));
    }

    /** {@code Optional[list[str]]}; a wrong item is reported at its index. */
    public List<String> nullableStrings(String field) {
        return nullable(field, (node, name) -> {
            if (reader.typed(name, node, FieldReader.Type.ARRAY) == null) {
                return null;
            }
            var values = new ArrayList<String>();
            for (int i = 0; i < node.size(); i++) {
                var item = node.get(i);
                if (item.isTextual()) {
                    values.add(item.textValue());
                } else {
                    errors.stringType(item, "body", name, i);
                }
            }
            return values;
        });
    }

    /**
     * A required number within {@code Field(ge=min, le=max)}. The value is answered even when out of bounds (the
     * error is recorded); a number too large for a double reads as +/-infinity and fails the bounds too.
     */
    public Double requiredNumber(String field, int min, int max) {
        return required(field, (node, name) -> {
            if (reader.typed(name, node, FieldReader.Type.NUMBER) == null) {
                return null;
            }
            double value = node.doubleValue();
            if (value < min) {
                errors.greaterThanEqual(node, min, "body", name);
            } else if (value > max) {
                errors.lessThanEqual(node, max, "body", name);
            }
            return value;
        });
    }

    /** {@code extra="forbid"}: every member not in {@code declared} is an error, after the declared fields' errors. */
    public void forbidExtras(List<String> declared) {
        object.properties().forEach(member -> {
            if (!declared.contains(member.getKey())) {
                errors.extraForbidden(member.getValue(), "body", member.getKey());
            }
        });
    }

    private <T> T required(String field, BiFunction<JsonNode, String, T> read) {
        var node = object.get(field);
        if (node == null) {
            errors.missing(object, "body", field);
            return null;
        }
        return read.apply(node, field);
    }

    private <T> T nullable(String field, BiFunction<JsonNode, String, T> read) {
        var node = object.get(field);
        return node == null || node.isNull() ? null : read.apply(node, field);
    }

    private String string(JsonNode node, String field) {
        var text = reader.typed(field, node, FieldReader.Type.STRING);
        return text == null ? null : text.textValue();
    }

    /** A non-string (null included) is {@code uuid_type}; a string that is no UUID is {@code uuid_parsing}. */
    private String uuid(JsonNode node, String field) {
        if (!node.isTextual()) {
            errors.uuidType(node, "body", field);
            return null;
        }
        var uuid = PydanticUuid.parse(node.textValue());
        if (!uuid.valid()) {
            errors.uuidParsing(node, uuid.error(), "body", field);
        }
        return uuid.canonical();
    }

    /** Any value outside the members, null and non-strings included, is the enum error. */
    private String enumeration(JsonNode node, String field, List<String> members) {
        if (!node.isTextual() || !members.contains(node.textValue())) {
            errors.enumValue(node, members, "body", field);
            return null;
        }
        return node.textValue();
    }
}
