package io.feedbackhub.dialect.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;

/**
 * FastAPI's RequestValidationError for the body of one request: pydantic v2's error items in its own order
 * {@code {type, loc, msg, input, ctx?}}, with {@code input} set as pydantic sets it (the offending value, or the
 * whole body object for a missing field). FieldError has no room for {@code input} and {@code ctx}, which the
 * seed's ValidationError schema lists, so the door builds these items itself.
 */
final class RequestValidationError extends RuntimeException {
    private final ArrayNode detail = Json.MAPPER.createArrayNode();

    RequestValidationError() {
        super("request validation failed", null, false, false);
    }

    /** A required field is absent; pydantic's input is the object the field was missing from. */
    RequestValidationError missing(JsonNode container, String... loc) {
        item("missing", "Field required", container, loc);
        return this;
    }

    RequestValidationError stringType(JsonNode input, String field) {
        item("string_type", "Input should be a valid string", input, "body", field);
        return this;
    }

    /** pydantic's wording for an enum, e.g. {@code Input should be 'positive' or 'negative'}. */
    RequestValidationError enumValue(JsonNode input, String field, String expected) {
        item("enum", "Input should be " + expected, input, "body", field).putObject("ctx").put("expected", expected);
        return this;
    }

    /** What a pydantic {@code model_validator} raising ValueError reports: {@code "Value error, <reason>"}. */
    RequestValidationError valueError(JsonNode input, String field, String reason) {
        item("value_error", "Value error, " + reason, input, "body", field).putObject("ctx").put("error", reason);
        return this;
    }

    RequestValidationError notAnObject(JsonNode input) {
        item("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input, "body");
        return this;
    }

    boolean isEmpty() {
        return detail.isEmpty();
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
