package io.feedbackhub.dialect;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Failures in the shape FastAPI (pydantic v2) services answer, for the Scale, Contextual, VirtuousAI and
 * Parea doors: 422 {@code {"detail":[{"type","loc","msg","input"?,"ctx"?}]}} with {@code loc} naming the real
 * field ({@code ["body","sentiment"]}, {@code ["path","agent_id"]}), and {@code {"detail": "..."}} otherwise.
 */
public final class FastApiErrors {
    private static final Logger log = LoggerFactory.getLogger(FastApiErrors.class);

    private FastApiErrors() {
    }

    /**
     * @param vendorNames native field name → the vendor's name for it, for errors the core raised
     *                    (e.g. {@code "comment" → "description"}); unmapped names pass unchanged.
     */
    public static void respond(Throwable failure, Context ctx, Map<String, String> vendorNames) {
        switch (failure) {
            case RequestValidationError e -> unprocessable(ctx, e);
            case InvalidInput e -> unprocessable(ctx, RequestValidationError.ofCoreRefusal(e.errors(), vendorNames));
            case Json.MalformedJson e -> unprocessable(ctx, new RequestValidationError().jsonInvalid(e));
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
                // Starlette's own words for these two; the Allow header of a 405 says what the path serves.
                detail(ctx, e.status(), switch (e.status()) {
                    case 401 -> "Not authenticated";
                    case 405 -> "Method Not Allowed";
                    default -> e.getMessage();
                });
            }
            case HttpResponseException e -> detail(ctx, e.getStatus(), e.getStatus() == 404 ? "Not Found" : e.getMessage());
            default -> {
                log.error("unexpected failure on {} {}", ctx.method(), LoggedPaths.of(ctx), failure);
                detail(ctx, 500, "Internal Server Error");
            }
        }
    }

    /** A request the HTTP server could not read, as Starlette words an {@code HTTPException}: {@code {"detail": ...}}. */
    public static UnreadableRequest unreadable(String reason) {
        return new UnreadableRequest("application/json",
                Json.object().put("detail", UnreadableRequest.DETAIL_PREFIX + reason).toString());
    }

    private static void unprocessable(Context ctx, RequestValidationError errors) {
        ctx.status(422).json(errors.body());
    }

    private static void detail(Context ctx, int status, String detail) {
        ctx.status(status).json(Json.object().put("detail", detail));
    }
}
