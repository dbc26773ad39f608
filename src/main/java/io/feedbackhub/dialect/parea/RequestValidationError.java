package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;

/**
 * FastAPI's RequestValidationError for one Parea request body: pydantic v2's items {@code {type, loc, msg, input,
 * ctx?}} with pydantic's own wording, {@code input} as pydantic sets it (the offending value, or the whole object a
 * required field was missing from) and {@code ctx} carrying the bound ({@code {"le": 1}}). FieldError has no room
 * for input and ctx, so the door builds these items itself; the seed's ValidationError schema needs loc/msg/type.
 */
final class RequestValidationError extends RuntimeException {
    private final ArrayNode detail = Json.MAPPER.createArrayNode();

    RequestValidationError() {
        super("request validation failed", null, false, false);
    }

    /** The request body as the JSON object pydantic needs; FastAPI reads an empty or {@code null} body as missing. */
    static ObjectNode bodyObject(String body) {
        var root = body == null || body.isBlank() ? NullNode.getInstance() : Json.parse(body);
        if (root.isNull()) {
            throw new RequestValidationError().missing(NullNode.getInstance(), "body");
        }
        if (!(root instanceof ObjectNode o)) {
            throw new RequestValidationError().notAnObject(root);
        }
        return o;
    }

    RequestValidationError missing(JsonNode container, String... loc) {
        item("missing", "Field required", container, loc);
        return this;
    }

    RequestValidationError notAnObject(JsonNode input) {
        item("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input, "body");
        return this;
    }

    RequestValidationError stringType(JsonNode input, String field) {
        item("string_type", "Input should be a valid string", input, "body", field);
        return this;
    }

    RequestValidationError floatType(JsonNode input, String field) {
        item("float_type", "Input should be a valid number", input, "body", field);
        return this;
    }

    /** {@code Field(ge=...)}: the seed's {@code minimum}. */
    RequestValidationError greaterThanEqual(JsonNode input, String field, int bound) {
        item("greater_than_equal", "Input should be greater than or equal to " + bound, input, "body", field)
                .putObject("ctx").put("ge", bound);
        return this;
    }

    /** {@code Field(le=...)}: the seed's {@code maximum}. */
    RequestValidationError lessThanEqual(JsonNode input, String field, int bound) {
        item("less_than_equal", "Input should be less than or equal to " + bound, input, "body", field)
                .putObject("ctx").put("le", bound);
        return this;
    }

    /** What a pydantic validator raising ValueError reports: {@code "Value error, <reason>"}. */
    RequestValidationError valueError(JsonNode input, String field, String reason) {
        item("value_error", "Value error, " + reason, input, "body", field).putObject("ctx").put("error", reason);
        return this;
    }

    boolean isEmpty() {
        return detail.isEmpty();
    }

    void throwIfAny() {
        if (!isEmpty()) {
            throw this;
        }
    }

    ObjectNode body() {
        return Json.MAPPER.createObjectNode().set("detail", detail.deepCopy());
    }

    private ObjectNode item(String type, String msg, JsonNode input, String... loc) {
        var item = detail.addObject().put("type", type);
        var at = item.putArray("loc");
        for (var part : loc) {
            at.add(part);
        }
        item.put("msg", msg);
        item.set("input", input == null ? NullNode.getInstance() : input);
        return item;
    }
}
