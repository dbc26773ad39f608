package io.feedbackhub.api;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

/**
 * A {@code POST /v1/feedback} as the native door reads it before core: the caller authenticated (401 otherwise), the
 * body parsed, an end-user token's bindings filled in, the end user's write limit charged. Public so that the
 * benchmark ladder's validate rung runs this same code.
 */
public record FeedbackRequest(Principal principal, FeedbackDraft draft) {

    public static FeedbackRequest read(Context ctx, Credentials credentials) {
        var principal = credentials.require(ctx, FeedbackRoutes.KEY_HEADERS);
        var draft = FeedbackJson.readDraft(TokenRoutes.withTokenDefaults(Json.parse(ctx.body()), principal));
        credentials.checkEndUser(principal, draft.authorId());
        return new FeedbackRequest(principal, draft);
    }

    /** The caller alone, authenticated as a write to /v1 is (Authorization: Bearer or X-API-Key). */
    public static Principal caller(Context ctx, Credentials credentials) {
        return credentials.require(ctx, FeedbackRoutes.KEY_HEADERS);
    }
}
