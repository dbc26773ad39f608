package io.feedbackhub.dialect;

import io.feedbackhub.http.FailureKind;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Failures in the shape FastAPI (pydantic v2) services answer, for the Scale, Contextual, VirtuousAI and
 * Parea doors: 422 {@code {"detail":[{"type","loc","msg","input"?,"ctx"?}]}} with {@code loc} naming the real
 * field ({@code ["body","sentiment"]}, {@code ["path","agent_id"]}), and {@code {"detail": "..."}} otherwise.
 */
public final class FastApiErrors {
    private FastApiErrors() {
    }

    /**
     * @param vendorNames native field name → the vendor's name for it, for errors the core raised
     *                    (e.g. {@code "comment" → "description"}); unmapped names pass unchanged.
     */
    public static void respond(Throwable failure, Context ctx, Map<String, String> vendorNames) {
        if (failure instanceof RequestValidationError e) {
            unprocessable(ctx, e); // already in pydantic's words
            return;
        }
        switch (FailureKind.of(failure)) {
            case FailureKind.Invalid i -> unprocessable(ctx, RequestValidationError.ofCoreRefusal(i.input().errors(), vendorNames));
            case FailureKind.Unparsable u -> unprocessable(ctx, new RequestValidationError().jsonInvalid(u.json()));
            case FailureKind.NotYours n -> detail(ctx, 403, n.refusal().getMessage());
            // Starlette's own words for these two; the Allow header of a 405 says what the path serves.
            case FailureKind.Refused r -> detail(ctx, r.status(), r.byServer() ? r.detail() : switch (r.status()) {
                case 401 -> "Not authenticated";
                case 405 -> "Method Not Allowed";
                default -> r.detail();
            });
            case FailureKind.NotFound n -> detail(ctx, 404, "Not Found");
            case FailureKind.Conflict c -> detail(ctx, 409, c.conflict().getMessage());
            case FailureKind.Unavailable u -> detail(ctx, 503, "Service temporarily unavailable; nothing was written. Retry later.");
            case FailureKind.Bug bug -> {
                bug.log(ctx);
                detail(ctx, 500, "Internal Server Error");
            }
        }
    }

    /** A request the HTTP server could not read, as Starlette words an {@code HTTPException}: {@code {"detail": ...}}. */
    public static UnreadableRequest unreadable(String reason) {
        return new UnreadableRequest("application/json",
                Json.MAPPER.createObjectNode().put("detail", UnreadableRequest.DETAIL_PREFIX + reason).toString());
    }

    private static void unprocessable(Context ctx, RequestValidationError errors) {
        ctx.status(422).json(errors.body());
    }

    private static void detail(Context ctx, int status, String detail) {
        ctx.status(status).json(Json.MAPPER.createObjectNode().put("detail", detail));
    }
}
