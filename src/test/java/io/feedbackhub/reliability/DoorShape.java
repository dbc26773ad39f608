package io.feedbackhub.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.reliability.EveryRoute.Door;
import io.feedbackhub.testing.Api;

/** Whether a failure answer is in its door's own error shape (DESIGN.md §2: each dialect keeps its vendor's). */
final class DoorShape {
    /** How app/BadMessages starts the detail of a request Jetty could not read. */
    static final String UNREADABLE = "the request cannot be read: ";

    private DoorShape() {
    }

    static boolean matches(Door door, Api.Response r) {
        var type = r.header("Content-Type");
        JsonNode body;
        try {
            body = Api.JSON.readTree(r.body());
        } catch (Exception notJson) {
            return false;
        }
        if (type == null || body == null || !body.isObject()) {
            return false;
        }
        if (door != Door.NATIVE && body.path("detail").asText().startsWith(UNREADABLE)) {
            // refused by the HTTP server before routing (no valid URI, no door to choose a shape): problem+json
            return matches(Door.NATIVE, r);
        }
        return switch (door) {
            // RFC 9457: type, title, status (the HTTP status), detail
            case NATIVE -> type.startsWith("application/problem+json") && body.path("type").isTextual()
                    && body.path("title").isTextual() && body.path("status").asInt() == r.status() && body.path("detail").isTextual();
            // FastAPI: {"detail": "..."} or {"detail": [{"type", "loc", "msg", ...}]}, nothing else
            case FASTAPI -> type.startsWith("application/json") && body.size() == 1 && fastApiDetail(body.get("detail"));
            // Devic (NestJS exception shape in Devic's envelope)
            case DEVIC -> type.startsWith("application/json") && body.path("success").isBoolean() && !body.get("success").asBoolean()
                    && body.path("statusCode").asInt() == r.status() && body.path("message").isTextual() && body.path("error").isTextual();
            // routes outside every door (health, documents, dashboard) fail in problem+json, like the native API
            case PUBLIC -> matches(Door.NATIVE, r);
            // Langfuse: {"message": "...", "error"?: ..., "errors"?: [...]} (its Fern SDKs read message)
            case LANGFUSE -> type.startsWith("application/json") && body.path("message").isTextual()
                    && java.util.Set.of("message", "error", "errors").containsAll(fieldNames(body));
        };
    }

    private static java.util.List<String> fieldNames(JsonNode body) {
        var names = new java.util.ArrayList<String>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean fastApiDetail(JsonNode detail) {
        if (detail == null) {
            return false;
        }
        if (detail.isTextual()) {
            return true;
        }
        if (!detail.isArray() || detail.isEmpty()) {
            return false;
        }
        for (var item : detail) {
            if (!item.path("type").isTextual() || !item.path("loc").isArray() || !item.path("msg").isTextual()) {
                return false;
            }
        }
        return true;
    }
}
