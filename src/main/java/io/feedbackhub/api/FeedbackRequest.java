package io.feedbackhub.api;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

/**
 * A {@code POST /v1/feedback} as the native door reads it before core: the caller admitted to the route, the body
 * parsed, an end-user token's bindings filled in, the write admitted by the gate (the end user's write limit
 * charged). Public so that the benchmark ladder's validate rung runs this same code.
 */
public record FeedbackRequest(Actor actor, FeedbackDraft draft) {

    public static FeedbackRequest read(Context ctx, WriteGate gate) {
        var principal = Credentials.caller(ctx);
        var draft = FeedbackJson.readDraft(WriteGate.withTokenDefaults(Json.parse(ctx.body()), principal));
        return new FeedbackRequest(gate.admit(principal), draft);
    }

    /** The caller alone, authenticated as a write to /v1 is (Authorization: Bearer or X-API-Key). */
    public static Principal caller(Context ctx, Credentials credentials) {
        return credentials.require(ctx, FeedbackRoutes.KEY_HEADERS);
    }
}
