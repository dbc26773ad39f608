package io.feedbackhub.app;

import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Door;
import io.feedbackhub.api.Json;
import io.feedbackhub.api.NativeApi;
import io.feedbackhub.api.ProblemResponses;
import io.feedbackhub.api.RateLimiter;
import io.feedbackhub.api.RequestText;
import io.feedbackhub.auth.EndUserTokens;
import io.feedbackhub.bench.BenchRoutes;
import io.feedbackhub.auth.IssuedKey;
import io.feedbackhub.auth.SigningKeys;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.insight.ComparisonService;
import io.feedbackhub.insight.ExportService;
import io.feedbackhub.insight.Insight;
import io.feedbackhub.insight.StatsService;
import io.feedbackhub.ops.LoggedPaths;
import io.feedbackhub.ops.Metrics;
import io.feedbackhub.ops.OpsRoutes;
import io.feedbackhub.ops.RequestIds;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcBenchRows;
import io.feedbackhub.store.JdbcConfigStore;
import io.feedbackhub.store.JdbcFeedbackStore;
import io.feedbackhub.store.JdbcExportReader;
import io.feedbackhub.store.JdbcRegistryStore;
import io.feedbackhub.store.JdbcRollupAudit;
import io.feedbackhub.store.JdbcRollupReader;
import io.feedbackhub.web.DashboardRoutes;
import io.feedbackhub.web.DocsRoutes;
import io.feedbackhub.web.WidgetRoutes;
import io.feedbackhub.webhooks.OutboxWriter;
import io.feedbackhub.webhooks.Webhooks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One Feedback Hub node: the object graph built with {@code new} in dependency order, the HTTP server,
 * and an orderly stop. Tests start this same class with their own {@link Config}.
 */
public final class FeedbackHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedbackHub.class);

    private final Config config;
    private final Database database;
    private final JdbcFeedbackStore feedbackStore;
    private final KeyService keys;
    private final Webhooks webhooks;
    private final Metrics metrics = new Metrics();
    private final List<Door> doors;
    private final Optional<List<IssuedKey>> bootstrapKeys;
    /** Benchmark-only routes, present only when FEEDBACK_HUB_BENCH_ROUTES=true. */
    private final Optional<BenchRoutes> bench;
    private Javalin app;

    public FeedbackHub(Config config) {
        this.config = config;
        var clock = Clock.systemUTC();

        // storage
        database = config.databaseUrl()
                .map(url -> Database.postgres(url, config.dbPoolSize()))
                .orElseGet(() -> Database.sqlite(config.dataDir(), config.dbPoolSize()));
        database.migrate();
        feedbackStore = new JdbcFeedbackStore(database, config.writerThreads(), config.writeBatchMax(), metrics::writeBatch, OutboxWriter::new);

        // core services
        var configStore = new JdbcConfigStore(database);
        var configs = new ConfigService(configStore, clock);
        var feedback = new FeedbackService(feedbackStore, configStore, clock);
        var registry = new RegistryService(new JdbcRegistryStore(database), clock);
        var stats = new StatsService(new JdbcRollupReader(database));
        var insight = new Insight(stats, new ComparisonService(stats), new JdbcRollupAudit(database),
                new ExportService(new JdbcExportReader(database)));

        webhooks = new Webhooks(database, config.webhooks(), clock);

        // tenants and keys
        keys = new KeyService(database, clock);
        bootstrapKeys = keys.bootstrap(config.initAdminKey(), config.initSecretKey());
        var endUserTokens = new EndUserTokens(new SigningKeys(database, clock), database, clock, config.endUserTokenTtl());
        var credentials = new Credentials(keys, endUserTokens, new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(),
                config.endUserRateLimitPerMinute()));
        var langSmithTokens = new PresignedFeedbackTokens(database, clock);

        // front doors
        doors = new ArrayList<>(List.of(
                new NativeApi(feedback, registry, configs, keys, credentials, insight, webhooks)));
        doors.addAll(Dialects.all(feedback, registry, credentials, configs, keys, langSmithTokens, clock));
        bench = config.benchRoutes()
                ? Optional.of(new BenchRoutes(credentials, feedback, new JdbcBenchRows(database, config.writerThreads(), config.writeBatchMax())))
                : Optional.empty();
    }

    /** Starts serving; returns once the port is bound. */
    public FeedbackHub start() {
        app = Javalin.create(javalin -> {
            javalin.useVirtualThreads = true;
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            javalin.router.ignoreTrailingSlashes = true;
            javalin.jetty.defaultHost = config.host();
            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(config.shutdownTimeoutSeconds() * 1000L);
                server.setErrorHandler(new BadMessages());
            });
            javalin.requestLogger.http(this::logRequest);
        });
        app.before(RequestIds::assign);
        app.before(RequestText::require);
        app.exception(Exception.class, (e, ctx) -> respondToFailure(e, ctx));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> respondToFailure(e, ctx));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().equals("Endpoint " + ctx.method() + " " + ctx.path() + " not found")) {
                respondToFailure(new io.javalin.http.NotFoundResponse("no route for " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
        new OpsRoutes(database, metrics).register(app);
        new DocsRoutes().register(app);
        new DashboardRoutes().register(app);
        new WidgetRoutes().register(app);
        doors.forEach(door -> door.register(app));
        bench.ifPresent(routes -> routes.register(app));
        app.start(config.port());
        webhooks.start();
        log.info("listening url=http://localhost:{} {}", port(), config.describe());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** One HTTP route as registered: the method and the path template ({@code /v1/feedback/{id}}). */
    public record Route(String method, String path) {
    }

    /**
     * Every HTTP route this started node serves, every door included; tests walk it so that a route added later
     * cannot escape them. Javalin lists routes only on its internal router.
     */
    public List<Route> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.getEndpoint())
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> new Route(endpoint.getMethod().name(), endpoint.getPath()))
                .toList();
    }

    /** The keys created on the first start against an empty store, if this start created them. */
    public Optional<List<IssuedKey>> bootstrapKeys() {
        return bootstrapKeys;
    }

    public KeyService keys() {
        return keys;
    }

    public Database database() {
        return database;
    }

    private void respondToFailure(Throwable failure, Context ctx) {
        if (failure instanceof StoreUnavailable) {
            metrics.storeUnavailable();
        }
        doors.stream()
                .filter(d -> ctx.path().startsWith(d.prefix()))
                .max(Comparator.comparingInt(d -> d.prefix().length()))
                .ifPresentOrElse(d -> d.respondToFailure(failure, ctx), () -> ProblemResponses.respond(failure, ctx));
    }

    private void logRequest(Context ctx, Float millis) {
        metrics.request(ctx.method().name(), LoggedPaths.route(ctx), ctx.statusCode(), millis / 1000.0);
        var principal = Credentials.principalOf(ctx);
        log.info("request_id={} tenant={} method={} path={} status={} ms={}", RequestIds.of(ctx),
                principal.map(p -> p.tenantId()).orElse("-"), ctx.method(), LoggedPaths.of(ctx), ctx.statusCode(), String.format("%.1f", millis));
    }

    /** Stops taking requests, finishes those in flight, commits every queued write, closes the pool. */
    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        feedbackStore.close();
        bench.ifPresent(BenchRoutes::close);
        webhooks.close();
        database.close();
        log.info("stopped");
    }
}
