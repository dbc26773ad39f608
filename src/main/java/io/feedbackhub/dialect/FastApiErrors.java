package io.feedbackhub.dialect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.HttpFailure;
import io.feedbackhub.api.Json;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.StoreUnavailable;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Failures in the shape FastAPI (pydantic v2) services answer, for the Scale, Contextual, VirtuousAI and
 * Parea doors: 422 {@code {"detail":[{"type","loc","msg","input"?,"ctx"?}]}} with {@code loc} naming the real
 * field ({@code ["body","sentiment"]}, {@code ["path","agent_id"]}), and {@code {"detail": "..."}} otherwise.
 */
public final class FastApiErrors {
    private static final Logger log = LoggerFactory.getLogger(FastApiErrors.class);
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** pydantic's own wording for the error types we produce. */
    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("missing", "Field required"),
            Map.entry("string_type", "Input should be a valid string"),
            Map.entry("float_type", "Input should be a valid number"),
            Map.entry("bool_type", "Input should be a valid boolean"),
            Map.entry("list_type", "Input should be a valid list"),
            Map.entry("dict_type", "Input should be a valid dictionary"),
            Map.entry("extra_forbidden", "Extra inputs are not permitted"),
            Map.entry("model_attributes_type", "Input should be a valid dictionary or object to extract fields from"),
            Map.entry("json_invalid", "JSON decode error"));

    private FastApiErrors() {
    }

    /**
     * @param vendorNames native field name → the vendor's name for it, for errors the core raised
     *                    (e.g. {@code "comment" → "description"}); unmapped names pass unchanged.
     */
    public static void respond(Throwable failure, Context ctx, Map<String, String> vendorNames) {
        switch (failure) {
            case InvalidInput e -> validation(ctx, e.errors(), vendorNames);
            case Json.MalformedJson e -> {
                var detail = Json.MAPPER.createArrayNode();
                var item = detail.addObject().put("type", "json_invalid");
                item.putArray("loc").add("body").add(e.position());
                item.put("msg", "JSON decode error");
                item.putObject("input");
                item.putObject("ctx").put("error", e.getMessage());
                ctx.status(422).json(Json.MAPPER.createObjectNode().set("detail", detail));
            }
            case NotFound e -> detail(ctx, 404, "Not Found");
            case IdempotencyConflict e -> detail(ctx, 409, e.getMessage());
            case NotYours e -> detail(ctx, 403, e.getMessage());
            case StoreUnavailable e -> {
                ctx.header("Retry-After", "5");
                detail(ctx, 503, "Service temporarily unavailable; nothing was written. Retry later.");
            }
            case HttpFailure e -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                detail(ctx, e.status(), e.status() == 401 ? "Not authenticated" : e.getMessage());
            }
            case HttpResponseException e -> detail(ctx, e.getStatus(), e.getStatus() == 404 ? "Not Found" : e.getMessage());
            default -> {
                log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), failure);
                detail(ctx, 500, "Internal Server Error");
            }
        }
    }

    /** One 422 listing every field error. */
    public static void validation(Context ctx, List<FieldError> errors, Map<String, String> vendorNames) {
        ArrayNode detail = Json.MAPPER.createArrayNode();
        for (var error : errors) {
            ObjectNode item = detail.addObject();
            item.put("type", error.code());
            item.set("loc", loc(error.field(), vendorNames));
            item.put("msg", MESSAGES.getOrDefault(error.code(), error.message()));
            if (!MESSAGES.containsKey(error.code())) {
                item.putObject("ctx").put("error", error.message());
            }
        }
        ctx.status(422).json(Json.MAPPER.createObjectNode().set("detail", detail));
    }

    private static void detail(Context ctx, int status, String detail) {
        ctx.status(status).json(Json.MAPPER.createObjectNode().put("detail", detail));
    }

    /** {@code "reasons[2]"} → {@code ["body","reasons",2]}; {@code "path.agent_id"} → {@code ["path","agent_id"]}. */
    static ArrayNode loc(String field, Map<String, String> vendorNames) {
        var loc = Json.MAPPER.createArrayNode();
        String place = "body";
        var rest = field;
        for (var p : List.of("path.", "query.", "header.")) {
            if (field.startsWith(p)) {
                place = p.substring(0, p.length() - 1);
                rest = field.substring(p.length());
            }
        }
        loc.add(place);
        if (rest.isEmpty()) {
            return loc;
        }
        var base = rest.split("[.\\[]", 2)[0];
        var tail = rest.substring(base.length());
        loc.add(vendorNames.getOrDefault(base, base));
        var m = INDEX.matcher(tail);
        int at = 0;
        while (at < tail.length()) {
            if (m.find(at) && m.start() == at) {
                loc.add(Integer.parseInt(m.group(1)));
                at = m.end();
            } else if (tail.charAt(at) == '.') {
                int next = tail.indexOf('.', at + 1);
                int bracket = tail.indexOf('[', at + 1);
                int end = next < 0 ? (bracket < 0 ? tail.length() : bracket) : (bracket < 0 ? next : Math.min(next, bracket));
                loc.add(tail.substring(at + 1, end));
                at = end;
            } else {
                at++;
            }
        }
        return loc;
    }
}
