package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.http.FailureKind;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

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
        switch (FailureKind.of(failure)) {
            case FailureKind.Invalid i -> invalid(ctx, i.input().shown(), i.input().omitted());
            case FailureKind.Unparsable u -> body(ctx, 400, "the request body is not valid JSON: " + u.json().getMessage());
            case FailureKind.NotYours n -> body(ctx, 403, n.refusal().getMessage());
            case FailureKind.Refused r when r.status() == 405 && !r.byServer() -> {
                // Devic is NestJS on Express, which answers a path served with other methods as any unknown route.
                ctx.res().setHeader("Allow", null);
                body(ctx, 404, "Cannot " + ctx.method() + " " + ctx.path());
            }
            case FailureKind.Refused r -> body(ctx, r.status(), r.detail());
            case FailureKind.NotFound n -> body(ctx, 404, n.detail());
            case FailureKind.Conflict c -> body(ctx, 409, c.conflict().getMessage());
            case FailureKind.Unavailable u -> body(ctx, 503, "Service temporarily unavailable; nothing was written. Retry later.");
            case FailureKind.Bug bug -> {
                bug.log(ctx);
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
        return Json.MAPPER.createObjectNode()
                .put("success", false)
                .put("statusCode", status)
                .put("message", message)
                // NestJS puts the reason phrase here ("Not Found"); the contract wants a string.
                .put("error", reason == HttpStatus.UNKNOWN ? "Error" : reason.getMessage());
    }
}
