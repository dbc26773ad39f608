package io.feedbackhub.dialect.contextual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;

/**
 * FastAPI's RequestValidationError for one request: pydantic v2's items {@code {type, loc, msg, input, ctx?}} in
 * pydantic's order (path parameters, then the body's declared fields, then the extra ones). The door builds the
 * items itself because FieldError has no room for {@code input} and {@code ctx}.
 */
final class RequestValidationError extends RuntimeException {
    private final ArrayNode detail = Json.MAPPER.createArrayNode();

    RequestValidationError() {
        super("request validation failed", null, false, false);
    }

    /** pydantic's input for a missing field is the object it is missing from (null for a missing body). */
    void missing(JsonNode container, String... loc) {
        item("missing", "Field required", container, loc);
    }

    void uuidParsing(JsonNode input, String error, String... loc) {
        item("uuid_parsing", "Input should be a valid UUID, " + error, input, loc).putObject("ctx").put("error", error);
    }

    void uuidType(JsonNode input, String... loc) {
        item("uuid_type", "UUID input should be a string, bytes or UUID object", input, loc);
    }

    void stringType(JsonNode input, String... loc) {
        item("string_type", "Input should be a valid string", input, loc);
    }

    /** {@code expected} in pydantic's wording, e.g. {@code 'thumbs_up', 'thumbs_down', 'flagged' or 'removed'}. */
    void enumValue(JsonNode input, String expected, String... loc) {
        item("enum", "Input should be " + expected, input, loc).putObject("ctx").put("expected", expected);
    }

    void extraForbidden(JsonNode input, String... loc) {
        item("extra_forbidden", "Extra inputs are not permitted", input, loc);
    }

    void notAnObject(JsonNode input) {
        item("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input, "body");
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
