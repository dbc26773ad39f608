package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;

/**
 * Langfuse's public API for scores under {@code /compat/langfuse}: the official SDKs work with
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
    /** The Langfuse API generation this door speaks, reported by the health check. */
    static final String VERSION = "3.0.0";

    private final ScoreWriteRoutes writes;
    private final ScoreReadRoutes reads;
    private final ScoreConfigRoutes configRoutes;

    public LangfuseDialect(FeedbackService feedback, ConfigService configs, KeyService keys, Credentials credentials) {
        var scoreConfigs = new ScoreConfigs(configs);
        var auth = new LangfuseCredentials(credentials, keys);
        var scores = new Scores(feedback);
        this.writes = new ScoreWriteRoutes(feedback, scoreConfigs, auth, credentials, scores);
        this.reads = new ScoreReadRoutes(feedback, scoreConfigs, auth, scores);
        this.configRoutes = new ScoreConfigRoutes(scoreConfigs, auth);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void register(Javalin app) {
        app.get(API + "/health", LangfuseDialect::health);
        app.post(API + "/scores", writes::create);
        app.post(API + "/ingestion", writes::ingest);
        app.get(API + "/scores", reads::listV2); // v1 path of the listing, same answer
        app.get(API + "/v2/scores", reads::listV2);
        app.get(API + "/scores/{scoreId}", reads::getV2);
        app.get(API + "/v2/scores/{scoreId}", reads::getV2);
        app.delete(API + "/scores/{scoreId}", writes::delete);
        app.get(API + "/v3/scores", reads::listV3);
        app.get(API + "/v3/scores/{scoreId}", reads::getV3);
        app.get(API + "/score-configs", configRoutes::list);
        app.post(API + "/score-configs", configRoutes::create);
        app.get(API + "/score-configs/{configId}", configRoutes::get);
        app.patch(API + "/score-configs/{configId}", configRoutes::update);
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
