package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.context.OtlpEndpoint;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.http.Cors;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.List;

/**
 * Langfuse's public API for scores (and the tracing events of its ingestion batch, recorded as context by
 * {@link TraceEvents}) under {@code /compat/langfuse}: the official SDKs work with
 * {@code baseUrl = http://HOST/compat/langfuse}, a Feedback Hub secret key as the secret key, and any public key.
 * Scores are feedback records (mapping in {@link ScoreRequest#toDraft}, identity in {@link Scores}); score configs
 * are feedback configs ({@link ScoreConfigs}). Errors come in Langfuse's shapes ({@link LangfuseFailures}).
 *
 * <p>Credentials: HTTP Basic as the SDKs send it, a Feedback Hub key as password ({@link LangfuseCredentials}).
 * This class is the route table; the routes live in {@link ScoreWriteRoutes}, {@link ScoreReadRoutes} and
 * {@link ScoreConfigRoutes}.
 */
public final class LangfuseDialect implements Door {
    static final String PREFIX = "/compat/langfuse";
    private static final String API = PREFIX + "/api/public";
    /** Where Langfuse's current SDKs export their OpenTelemetry spans; a streamed path (see OtlpEndpoint). */
    public static final String OTEL_TRACES = API + "/otel/v1/traces";
    /** The Langfuse API generation this door speaks, reported by the health check. */
    static final String VERSION = "3.0.0";

    private final ScoreWriteRoutes writes;
    private final ScoreReadRoutes reads;
    private final ScoreConfigRoutes configRoutes;
    private final LangfuseCredentials auth;
    private final OtlpEndpoint otlp;

    public LangfuseDialect(FeedbackService feedback, ConfigService configs, KeyService keys, Credentials credentials, WriteGate gate,
                           OtlpEndpoint otlp, TraceRecorder traced) {
        this.otlp = otlp;
        var scoreConfigs = new ScoreConfigs(configs);
        var scores = new Scores(feedback);
        this.auth = new LangfuseCredentials(credentials, keys);
        this.writes = new ScoreWriteRoutes(feedback, scoreConfigs, gate, scores, new TraceEvents(traced));
        this.reads = new ScoreReadRoutes(feedback, scoreConfigs, scores);
        this.configRoutes = new ScoreConfigRoutes(scoreConfigs);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    /** Score writes take a browser's publishable key too (LangfuseWeb); everything else needs a secret key. */
    @Override
    public void declare(RouteTable routes) {
        routes.get(API + "/health", Access.OPEN, LangfuseDialect::health)
                .post(API + "/scores", Access.ANY_CALLER, writes::create)
                .post(API + "/ingestion", Access.ANY_CALLER, writes::ingest)
                .post(OTEL_TRACES, Access.SECRET, ctx -> otlp.export(ctx, Credentials.caller(ctx).tenantId()))
                .get(API + "/scores", Access.SECRET, reads::listV2) // v1 path of the listing, same answer
                .get(API + "/v2/scores", Access.SECRET, reads::listV2)
                .get(API + "/scores/{scoreId}", Access.SECRET, reads::getV2)
                .get(API + "/v2/scores/{scoreId}", Access.SECRET, reads::getV2)
                .delete(API + "/scores/{scoreId}", Access.SECRET, writes::delete)
                .get(API + "/v3/scores", Access.SECRET, reads::listV3)
                .get(API + "/v3/scores/{scoreId}", Access.SECRET, reads::getV3)
                .get(API + "/score-configs", Access.SECRET, configRoutes::list)
                .post(API + "/score-configs", Access.SECRET, configRoutes::create)
                .get(API + "/score-configs/{configId}", Access.SECRET, configRoutes::get)
                .patch(API + "/score-configs/{configId}", Access.SECRET, configRoutes::update);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return auth.authenticate(ctx);
    }

    /** Langfuse answers a key that may not read with 401 and these words, whatever the route. */
    @Override
    public RuntimeException refuse(Access access, String reason) {
        return LangfuseError.auth(401, "Access denied - need to use basic auth with secret key");
    }

    /** Langfuse's health check; the store's health is /readyz. */
    private static void health(Context ctx) {
        ctx.json(Json.object().put("status", "OK").put("version", VERSION));
    }

    /**
     * LangfuseWeb (npm {@code langfuse} 3.x) and {@code @langfuse/client} send the key in Authorization and these on
     * every request (langfuse-core {@code _getFetchOptions}).
     */
    @Override
    public Cors cors() {
        return Cors.of(new Credentials.Source[]{Credentials.Source.AUTHORIZATION}, List.of("X-Langfuse-Sdk-Name",
                "X-Langfuse-Sdk-Version", "X-Langfuse-Sdk-Variant", "X-Langfuse-Sdk-Integration", "X-Langfuse-Public-Key"),
                "GET", "POST", "PATCH", "DELETE");
    }

    /** Langfuse's error shape, {@code {"message": ...}}, which its SDKs read. */
    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return new UnreadableRequest("application/json",
                Json.object().put("message", UnreadableRequest.DETAIL_PREFIX + reason).toString());
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        LangfuseFailures.respond(failure, ctx);
    }
}
