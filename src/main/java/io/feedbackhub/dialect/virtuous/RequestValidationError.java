package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.api.Json;

/**
 * FastAPI's RequestValidationError: pydantic v2's items {@code {type, loc, msg, input, ctx?}} in pydantic's
 * order, {@code input} being the offending value (or the whole body for a missing field). The seed shows this
 * body for every operation. Collected over the path parameter and every body field, then thrown once.
 */
final class RequestValidationError extends RuntimeException {
    static final String REACTIONS = "'thumbs_up' or 'thumbs_down'";

    private final ArrayNode detail = Json.MAPPER.createArrayNode();

    RequestValidationError() {
        super("request validation failed", null, false, false);
    }

    void missing(JsonNode container, String... loc) {
        item("missing", "Field required", container, loc);
    }

    void stringType(JsonNode input, String... loc) {
        item("string_type", "Input should be a valid string", input, loc);
    }

    void listType(JsonNode input, String... loc) {
        item("list_type", "Input should be a valid list", input, loc);
    }

    /** A {@code uuid.UUID} field given something that is not a string at all. */
    void uuidType(JsonNode input, String... loc) {
        item("uuid_type", "UUID input should be a string, bytes or UUID object", input, loc);
    }

    void uuidParsing(String input, String error, String... loc) {
        item("uuid_parsing", "Input should be a valid UUID, " + error, TextNode.valueOf(input), loc)
                .putObject("ctx").put("error", error);
    }

    void reactionEnum(JsonNode input, String... loc) {
        item("enum", "Input should be " + REACTIONS, input, loc).putObject("ctx").put("expected", REACTIONS);
    }

    /** pydantic's Literal check, as for a body whose {@code kind} discriminator names another model. */
    void literal(JsonNode input, String expected, String... loc) {
        var quoted = "'" + expected + "'";
        item("literal_error", "Input should be " + quoted, input, loc).putObject("ctx").put("expected", quoted);
    }

    /** What a pydantic validator raising ValueError reports; used for the core's limits on a valid-typed field. */
    void valueError(String reason, Object... loc) {
        var item = detail.addObject().put("type", "value_error");
        var at = item.putArray("loc");
        for (var part : loc) {
            if (part instanceof Integer i) {
                at.add(i);
            } else {
                at.add(part.toString());
            }
        }
        item.put("msg", "Value error, " + reason);
        item.putObject("ctx").put("error", reason);
    }

    void notAnObject(JsonNode input) {
        item("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", input, "body");
    }

    /** An item whose loc holds list indexes (reasons[2]). */
    void stringTypeAt(JsonNode input, String field, int index) {
        var item = detail.addObject().put("type", "string_type");
        item.putArray("loc").add("body").add(field).add(index);
        item.put("msg", "Input should be a valid string");
        item.set("input", input);
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
