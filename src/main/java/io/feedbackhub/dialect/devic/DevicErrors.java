package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.feedbackhub.ops.LoggedPaths;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Failures in Devic's envelope. The seed names only the 404 and shows no error body; Devic's own clients (devic-cli,
 * devicui) read {@code statusCode}, {@code message} and {@code error} from a failed response, the NestJS exception
 * shape, so the body is that plus {@code success: false}:
 * {@code {"success": false, "statusCode": 404, "message": "Thread not found", "error": "Not Found"}}.
 * Validation failures add {@code details}: one {field, message, code} per problem.
 */
final class DevicErrors {
    private static final Logger log = LoggerFactory.getLogger(DevicErrors.class);

    /** Core field names (native snake_case) → Devic's names for the same thing. */
    private static final Map<String, String> VENDOR_NAMES = Map.of(
            "message_id", "messageId",
            "label", "feedback",
            "score", "feedback",
            "comment", "feedbackComment",
            "data", "feedbackData",
            "thread_id", "threadId",
            "agent_id", "identifier");

    private DevicErrors() {
    }

    static void respond(Throwable failure, Context ctx) {
        switch (failure) {
            case InvalidInput e -> invalid(ctx, e.shown(), e.omitted());
            case Json.MalformedJson e ->
                    body(ctx, 400, "the request body is not valid JSON: " + e.getMessage());
            case HttpFailure e when e.status() == 405 -> {
                // Devic is NestJS on Express, which answers a path served with other methods as any unknown route.
                ctx.res().setHeader("Allow", null);
                body(ctx, 404, "Cannot " + ctx.method() + " " + ctx.path());
            }
            case HttpFailure e -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                body(ctx, e.status(), e.getMessage());
            }
            case NotFound e -> body(ctx, 404, e.getMessage());
            case IdempotencyConflict e -> body(ctx, 409, e.getMessage());
            case NotYours e -> body(ctx, 403, e.getMessage());
            case StoreUnavailable e -> {
                ctx.header("Retry-After", "5");
                body(ctx, 503, "Service temporarily unavailable; nothing was written. Retry later.");
            }
            case HttpResponseException e -> body(ctx, e.getStatus(), e.getMessage());
            default -> {
                log.error("unexpected failure on {} {}", ctx.method(), LoggedPaths.of(ctx), failure);
                body(ctx, 500, "Internal server error");
            }
        }
    }

    /**
     * 400, not FastAPI's 422: the seed lists no validation status, and Devic documents 400 "Bad Request - Invalid
     * input data" for its API as a whole (NestJS ValidationPipe's default).
     */
    private static void invalid(Context ctx, List<FieldError> errors, int omitted) {
        var message = errors.stream()
                .map(e -> (e.field().isEmpty() ? "" : vendorName(e.field()) + " ") + e.message())
                .collect(Collectors.joining("; ")) + (omitted > 0 ? "; and " + omitted + " more problems not listed" : "");
        var body = envelope(400, message);
        var details = body.putArray("details");
        for (var e : errors) {
            details.addObject().put("field", vendorName(e.field())).put("message", e.message()).put("code", e.code());
        }
        if (omitted > 0) {
            body.put("detailsOmitted", omitted); // details lists the first InvalidInput.MAX_SHOWN
        }
        ctx.status(400).json(body);
    }

    /** {@code "comment"} → {@code "feedbackComment"}; Devic's own names (from the dialect's parsing) pass through. */
    static String vendorName(String field) {
        if (field.isEmpty()) {
            return "body";
        }
        var base = field.split("[.\\[]", 2)[0];
        return VENDOR_NAMES.getOrDefault(base, base) + field.substring(base.length());
    }

    static UnreadableRequest unreadable(int status, String reason) {
        return new UnreadableRequest("application/json", envelope(status, UnreadableRequest.DETAIL_PREFIX + reason).toString());
    }

    private static void body(Context ctx, int status, String message) {
        ctx.status(status).json(envelope(status, message));
    }

    private static ObjectNode envelope(int status, String message) {
        var reason = HttpStatus.forStatus(status);
        return Json.object()
                .put("success", false)
                .put("statusCode", status)
                .put("message", message)
                // NestJS puts the reason phrase here ("Not Found"); the contract wants a string.
                .put("error", reason == HttpStatus.UNKNOWN ? "Error" : reason.getMessage());
    }
}
