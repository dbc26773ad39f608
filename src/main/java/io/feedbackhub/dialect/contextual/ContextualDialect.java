package io.feedbackhub.dialect.contextual;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.feedbackhub.http.Cors;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Contextual AI's "Provide Feedback" (seed 001): {@code POST /agents/{agent_id}/feedback} under
 * {@code /compat/contextual/v1}, because the vendor's SDK ({@code contextual-client}) keeps {@code /v1} in its base
 * URL. Answers {@code 200 {"feedback_id": uuid}} for every accepted request and FastAPI's error shapes otherwise.
 */
public final class ContextualDialect implements Door {
    /**
     * What "removed" answers when the message holds no live feedback (never given, already removed, or given in
     * another tenant). The seed documents only 200 and 422, and the SDK turns any other status into an exception,
     * so an undo that has nothing to undo still succeeds; the nil UUID is a valid {@code format: uuid} that names
     * no feedback, and says so.
     */
    static final String NOTHING_REMOVED = "00000000-0000-0000-0000-000000000000";

    /** Core field errors (limits such as comment length) named as the seed names the fields. */
    private static final Map<String, String> VENDOR_NAMES = Map.of("comment", "explanation", "label", "feedback");

    /** Seed 001 security: BearerAuth only, which is what the SDK sends. */
    private static final Credentials.Source[] KEY_HEADERS = {Credentials.Source.AUTHORIZATION};

    private final FeedbackService feedback;
    private final Credentials credentials;
    private final WriteGate gate;

    public ContextualDialect(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate) {
        // The registry is not needed: a write naming an agent registers it (an unknown agent_id is not a 404 here).
        this.feedback = feedback;
        this.credentials = credentials;
        this.gate = gate;
    }

    @Override
    public String prefix() {
        return "/compat/contextual/v1";
    }

    @Override
    public void declare(RouteTable routes) {
        routes.post(prefix() + "/agents/{agent_id}/feedback", Access.ANY_CALLER, this::provideFeedback);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    /** The TypeScript SDK ({@code contextual-client}, Stainless) in a browser. */
    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, Cors.STAINLESS_HEADERS, "POST");
    }

    private void provideFeedback(Context ctx) {
        var request = FeedbackRequest.read(ctx.pathParam("agent_id"), ctx.body());
        var actor = gate.admit(Credentials.caller(ctx)); // an undo is a write too
        var feedbackId = request.removes()
                ? feedback.removeSlot(actor, request.slot()).map(Feedback::id).orElse(NOTHING_REMOVED)
                : feedback.upsert(actor, request.draft()).feedback().id();
        ctx.json(Json.MAPPER.createObjectNode().put("feedback_id", feedbackId));
    }

    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return FastApiErrors.unreadable(reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, VENDOR_NAMES);
        if (ctx.statusCode() == 401) {
            // FastAPI's HTTPBearer challenge; BearerAuth is the seed's only scheme.
            ctx.header("WWW-Authenticate", "Bearer");
        }
    }
}
