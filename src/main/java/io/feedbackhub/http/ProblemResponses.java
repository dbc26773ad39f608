package io.feedbackhub.http;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.json.Json;
import io.feedbackhub.ops.LoggedPaths;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The native API's answer to every failure: RFC 9457 problem+json naming the offending fields. */
public final class ProblemResponses {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    public static final String RETRY_AFTER_UNAVAILABLE_SECONDS = "5";

    private ProblemResponses() {
    }

    public static void respond(Throwable failure, Context ctx) {
        switch (failure) {
            case InvalidInput e -> problem(ctx, 422, "Invalid input", e.getMessage(), e.shown(), e.omitted());
            case Json.MalformedJson e when e.exceedsLimit() -> problem(ctx, 422, "Invalid input",
                    "the body exceeds a JSON limit (at most " + Json.MAX_DEPTH + " levels of nesting, 100-digit numbers): "
                            + e.getMessage(), List.of(new FieldError("body", e.getMessage(), "json_limit")));
            case Json.MalformedJson e -> problem(ctx, 400, "Malformed JSON",
                    "the body is not valid JSON (at character " + e.position() + "): " + e.getMessage(), List.of());
            case NotFound e -> problem(ctx, 404, "Not found", e.getMessage(), List.of());
            case IdempotencyConflict e -> problem(ctx, 409, "Idempotency key reused", e.getMessage(), List.of());
            case NotYours e -> problem(ctx, 403, "Forbidden", e.getMessage(), List.of());
            case StoreUnavailable e -> {
                ctx.header("Retry-After", RETRY_AFTER_UNAVAILABLE_SECONDS);
                problem(ctx, 503, "Store unavailable", "the database is unavailable; nothing was written, retry later", List.of());
            }
            case HttpFailure e -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                problem(ctx, e.status(), e.title(), e.getMessage(), List.of());
            }
            case HttpResponseException e -> problem(ctx, e.getStatus(), statusTitle(e.getStatus()), e.getMessage(), List.of());
            default -> {
                log.error("unexpected failure on {} {}", ctx.method(), LoggedPaths.of(ctx), failure);
                problem(ctx, 500, "Internal error", "an unexpected error occurred; it has been logged with request id "
                        + ctx.res().getHeader("X-Request-Id"), List.of());
            }
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
        var body = Json.object();
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
