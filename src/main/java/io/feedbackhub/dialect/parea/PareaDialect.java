package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials.Source;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * Parea (seed 004) under {@code /compat/parea}. Its SDKs take the whole API root as base URL, so users set
 * {@code PAREA_BASE_URL=http://HOST/compat/parea/api/parea/v1}; the SDKs then call {@code POST {base}/project} when a
 * client starts and {@code POST {base}/feedback} to record feedback. Unknown traces need no registration: a
 * Parea trace id is a native target {@code trace_id} and nothing else is looked up.
 */
public final class PareaDialect implements Door {
    private static final String ROOT = "/compat/parea/api/parea/v1";

    /**
     * The seed's security scheme names {@code x-user-id}, while its own curl example and both SDKs send
     * {@code x-api-key}: both are accepted, and a Bearer key is harmless to accept for hand-written clients.
     */
    private static final Source[] KEY_HEADERS = {Source.X_API_KEY, Source.X_USER_ID, Source.AUTHORIZATION};

    private final FeedbackService feedback;
    private final Projects projects;
    private final Credentials credentials;
    private final WriteGate gate;

    private final TraceLogs traceLogs;

    public PareaDialect(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate,
                        TraceRecorder traced) {
        this.traceLogs = new TraceLogs(traced);
        this.feedback = feedback;
        this.projects = new Projects(registry);
        this.credentials = credentials;
        this.gate = gate;
    }

    @Override
    public String prefix() {
        return "/compat/parea";
    }

    @Override
    public void declare(RouteTable routes) {
        routes.post(ROOT + "/feedback", Access.ANY_CALLER, this::recordFeedback)
                .post(ROOT + "/project", Access.ANY_CALLER, this::createOrGetProject)
                .post(ROOT + "/trace_log", Access.SECRET, this::recordTraceLog)
                .put(ROOT + "/trace_log", Access.SECRET, this::updateTraceLog);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, List.of(), "POST", "PUT");
    }

    /**
     * 200 for a new feedback and for an update of the trace's feedback alike: the seed documents only 200, and
     * the SDKs take any 2xx as success (anything else is retried). The seed's 200 schema is {@code {}} (any
     * JSON); the body tells a caller which record it wrote and at which revision.
     */
    private void recordFeedback(Context ctx) {
        var request = FeedbackRequestSchema.read(ctx.body());
        Feedback written;
        try {
            var draft = request.toDraft();
            written = feedback.upsert(gate.admit(Credentials.caller(ctx)), draft).feedback();
        } catch (InvalidInput e) {
            // Named after the field this request used (trace_id or inference_id), which only the request knows.
            FastApiErrors.respond(e, ctx, request.vendorNames());
            return;
        }
        ctx.status(200).json(feedbackBody(written));
    }

    /**
     * What the SDK's logger sends when a traced function ends ({@link TraceLogs}). Any 2xx will do for the SDK, which
     * retries everything else twice and logs it; the body says which trace was recorded.
     */
    private void recordTraceLog(Context ctx) {
        var traceId = traceLogs.create(Credentials.caller(ctx).tenantId(), ctx.body());
        ctx.status(200).json(Json.object().put("trace_id", traceId));
    }

    private void updateTraceLog(Context ctx) {
        var traceId = traceLogs.update(Credentials.caller(ctx).tenantId(), ctx.body());
        ctx.status(200).json(Json.object().put("trace_id", traceId));
    }

    /**
     * Any key that may write may register its project: the SDK calls this before anything else, and a refusal
     * would stop the client from starting. It only ever adds a missing agent, never changes one.
     */
    private void createOrGetProject(Context ctx) {
        var tenantId = Credentials.caller(ctx).tenantId();
        var name = Projects.readName(ctx.body());
        ctx.status(200).json(projects.createOrGet(tenantId, name).toJson());
    }

    private static ObjectNode feedbackBody(Feedback f) {
        return Json.object()
                .put("id", f.id())
                .put("trace_id", f.target().traceId())
                .put("score", f.score())
                .put("comment", f.comment())
                .put("target", f.correction())
                .put("revision", f.revision())
                .put("created_at", FeedbackJson.iso(f.createdAt()))
                .put("updated_at", FeedbackJson.iso(f.updatedAt()));
    }

    /** FastAPI's shapes: 422 {@code {"detail":[...]}} for bad input, {@code {"detail": "..."}} otherwise. */
    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return FastApiErrors.unreadable(reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, Map.of("correction", "target"));
    }
}
