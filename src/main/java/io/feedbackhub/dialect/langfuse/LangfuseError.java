package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.json.FieldReader;
import io.feedbackhub.json.Json;

/**
 * A refusal in the shape Langfuse's public API answers ({@code web/src/features/public-api/server/withMiddlewares.ts}):
 * {@code {"message", "error"}} where {@code error} is the error class name, or for invalid input 400
 * {@code {"message": "Invalid request data", "error": [zod issues]}}; authentication failures carry only
 * {@code message}.
 */
final class LangfuseError extends RuntimeException {
    static final String INVALID_REQUEST_DATA = "Invalid request data";

    private final int status;
    private final JsonNode error;

    LangfuseError(int status, String message, JsonNode error) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    /** 400 with every zod-style issue found. */
    static LangfuseError invalid(Issues issues) {
        return new LangfuseError(400, INVALID_REQUEST_DATA, issues.array());
    }

    /** 400 for a request that is well-formed but cannot be done (an InvalidRequestError in Langfuse). */
    static LangfuseError badRequest(String message) {
        return new LangfuseError(400, message, Json.text("InvalidRequestError"));
    }

    static LangfuseError notFound(String message) {
        return new LangfuseError(404, message, Json.text("LangfuseNotFoundError"));
    }

    static LangfuseError conflict(String message) {
        return new LangfuseError(409, message, Json.text("ConflictError"));
    }

    /** Authentication and access-scope failures: Langfuse answers these with {@code message} alone. */
    static LangfuseError auth(int status, String message) {
        return new LangfuseError(status, message, null);
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        var body = Json.object().put("message", getMessage());
        if (error != null) {
            body.set("error", error);
        }
        return body;
    }

    /**
     * zod issues ({@code {code, path, message, expected?, received?}}), collected across a whole request. At most
     * {@link InvalidInput#MAX_SHOWN} are listed; when there were more, one last {@code custom} issue at the root
     * ({@code path: []}) says how many were left out, so the answer stays an array of zod issues.
     */
    static final class Issues {
        private final ArrayNode items = Json.array();
        private int omitted;

        /** A required field is absent: zod's {@code invalid_type} with {@code received: "undefined"}. */
        Issues required(String expected, Object... path) {
            item("invalid_type", "Required", path).put("expected", expected).put("received", "undefined");
            return this;
        }

        /** Langfuse's words for a member of the wrong type, for the one {@link FieldReader}. */
        FieldReader.Wording wording() {
            return (field, expected, got) -> type(expected.wire(), got, field);
        }

        /** A field of the wrong JSON type. */
        Issues type(String expected, JsonNode got, Object... path) {
            item("invalid_type", "Expected " + expected + ", received " + received(got), path)
                    .put("expected", expected).put("received", received(got));
            return this;
        }

        /** A value outside an enum. */
        Issues enumValue(java.util.List<String> options, JsonNode got, Object... path) {
            var item = item("invalid_enum_value", "Invalid enum value. Expected " + String.join(" | ",
                    options.stream().map(o -> "'" + o + "'").toList()) + ", received '" + (got == null ? "" : got.asText()) + "'", path);
            var array = item.putArray("options");
            options.forEach(array::add);
            item.set("received", got);
            return this;
        }

        /** Any other rule (zod's {@code custom} refinements), with a message that says what was expected. */
        Issues custom(String message, Object... path) {
            item("custom", message, path);
            return this;
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        int omitted() {
            return omitted;
        }

        void throwIfAny() {
            if (!isEmpty()) {
                throw invalid(this);
            }
        }

        ArrayNode array() {
            if (omitted == 0) {
                return items;
            }
            var all = items.deepCopy();
            all.addObject().put("code", "custom").<ObjectNode>set("path", all.arrayNode())
                    .put("message", omitted + " more issues not listed (at most " + InvalidInput.MAX_SHOWN + " are)");
            return all;
        }

        private ObjectNode item(String code, String message, Object... path) {
            if (items.size() >= InvalidInput.MAX_SHOWN) {
                omitted++;
                return Json.object(); // counted, not listed
            }
            var item = items.addObject().put("code", code);
            var at = item.putArray("path");
            for (var p : path) {
                if (p instanceof Integer i) {
                    at.add(i);
                } else {
                    at.add(String.valueOf(p));
                }
            }
            item.put("message", message);
            return item;
        }

        private static String received(JsonNode node) {
            if (node == null) {
                return "undefined";
            }
            if (node.isNull()) {
                return "null";
            }
            if (node.isTextual()) {
                return "string";
            }
            if (node.isNumber()) {
                return "number";
            }
            if (node.isBoolean()) {
                return "boolean";
            }
            return node.isArray() ? "array" : "object";
        }
    }
}
