package io.feedbackhub.http;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.List;

/** The native API's answer to every failure: RFC 9457 problem+json naming the offending fields. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** The answer to {@code failure}; its {@code Retry-After}, if any, the hub has set ({@link FailureKind#retryAfterSeconds}). */
    public static void respond(Throwable failure, Context ctx) {
        switch (FailureKind.of(failure)) {
            case FailureKind.Invalid i -> problem(ctx, 422, "Invalid input", i.input().getMessage(), i.input().shown(), i.input().omitted());
            case FailureKind.Unparsable u when u.json().exceedsLimit() -> problem(ctx, 422, "Invalid input",
                    "the body exceeds a JSON limit (at most " + Json.MAX_DEPTH + " levels of nesting, 100-digit numbers): "
                            + u.json().getMessage(), List.of(new FieldError("body", u.json().getMessage(), "json_limit")));
            case FailureKind.Unparsable u -> problem(ctx, 400, "Malformed JSON",
                    "the body is not valid JSON (at character " + u.json().position() + "): " + u.json().getMessage(), List.of());
            case FailureKind.NotYours n -> problem(ctx, 403, "Forbidden", n.refusal().getMessage(), List.of());
            case FailureKind.Refused r -> problem(ctx, r.status(), r.title(), r.detail(), List.of());
            case FailureKind.NotFound n -> problem(ctx, 404, "Not found", n.detail(), List.of());
            case FailureKind.Conflict c -> problem(ctx, 409, "Idempotency key reused", c.conflict().getMessage(), List.of());
            case FailureKind.Unavailable u ->
                    problem(ctx, 503, "Store unavailable", "the database is unavailable; nothing was written, retry later", List.of());
            case FailureKind.Bug bug -> problem(ctx, 500, "Internal error", "an unexpected error occurred; it has been logged with request id "
                    + bug.log(ctx), List.of());
        }
    }

    public static void problem(Context ctx, int status, String title, String detail, List<FieldError> errors) {
        problem(ctx, status, title, detail, errors, 0);
    }

    /**
     * With {@code omitted} > 0, the {@code errors} listed are the first {@link InvalidInput#MAX_SHOWN} and the
     * extension member {@code errors_omitted} (RFC 9457 §3.2) counts those left out.
     */
    public static void problem(Context ctx, int status, String title, String detail, List<FieldError> errors, int omitted) {
        var body = Json.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            var list = body.putArray("errors");
            for (var e : errors) {
                list.addObject().put("field", e.field()).put("message", e.message()).put("code", e.code());
            }
        }
        if (omitted > 0) {
            body.put("errors_omitted", omitted);
        }
        ctx.status(status).contentType("application/problem+json").result(body.toString());
    }

    static String statusTitle(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Content too large";
            case 415 -> "Unsupported media type";
            default -> "HTTP " + status;
        };
    }
}
