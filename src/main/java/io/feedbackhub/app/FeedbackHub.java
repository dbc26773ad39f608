package io.feedbackhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedbackhub.api.NativeApi;
import io.feedbackhub.api.NativeImportFormat;
import io.feedbackhub.auth.EndUserTokens;
import io.feedbackhub.auth.IssuedKey;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.auth.SigningKeys;
import io.feedbackhub.bench.BenchRoutes;
import io.feedbackhub.context.KeepIfJudged;
import io.feedbackhub.context.OtlpEndpoint;
import io.feedbackhub.context.OtlpSpans;
import io.feedbackhub.context.RetentionSweep;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.TextSearch;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.dialect.langfuse.ExportedScores;
import io.feedbackhub.dialect.langfuse.LangfuseDialect;
import io.feedbackhub.dialect.langsmith.ExportedFeedback;
import io.feedbackhub.http.AccessGuard;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.FailureKind;
import io.feedbackhub.http.ProblemResponses;
import io.feedbackhub.http.RateLimiter;
import io.feedbackhub.http.RequestText;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.imports.Importer;
import io.feedbackhub.insight.ComparisonService;
import io.feedbackhub.insight.ExportService;
import io.feedbackhub.insight.Insight;
import io.feedbackhub.insight.ScalesReader;
import io.feedbackhub.insight.StatsService;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.json.Json;
import io.feedbackhub.ops.LoggedPaths;
import io.feedbackhub.ops.Metrics;
import io.feedbackhub.ops.OpsRoutes;
import io.feedbackhub.ops.RequestIds;
import io.feedbackhub.review.QueueAgreement;
import io.feedbackhub.review.ReviewService;
import io.feedbackhub.signin.OidcRoutes;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcBenchRows;
import io.feedbackhub.store.JdbcCacheVersions;
import io.feedbackhub.store.JdbcConfigStore;
import io.feedbackhub.store.JdbcContentStore;
import io.feedbackhub.store.JdbcSearchStore;
import io.feedbackhub.store.JdbcContextBuffer;
import io.feedbackhub.store.JdbcExportReader;
import io.feedbackhub.store.ChangeRecorders;
import io.feedbackhub.store.JdbcFeedbackStore;
import io.feedbackhub.store.JdbcJudgmentReader;
import io.feedbackhub.store.JdbcKeyStore;
import io.feedbackhub.store.JdbcPeopleStore;
import io.feedbackhub.people.IssuedInvitation;
import io.feedbackhub.people.Passwords;
import io.feedbackhub.people.People;
import io.feedbackhub.people.Sessions;
import io.feedbackhub.people.SpentRowsSweep;
import io.feedbackhub.store.JdbcPresignedTokenStore;
import io.feedbackhub.store.JdbcRegistryStore;
import io.feedbackhub.store.JdbcReviewStore;
import io.feedbackhub.store.JdbcRollupAudit;
import io.feedbackhub.store.JdbcRollupReader;
import io.feedbackhub.store.JdbcSigningKeyStore;
import io.feedbackhub.store.JdbcWebhookStores;
import io.feedbackhub.web.DashboardRoutes;
import io.feedbackhub.web.DocsRoutes;
import io.feedbackhub.web.WidgetRoutes;
import io.feedbackhub.webhooks.Webhooks;
import io.feedbackhub.audit.AuditTrail;
import io.feedbackhub.store.JdbcAuditStore;
import io.feedbackhub.store.JdbcSettingsStore;
import io.feedbackhub.settings.Settings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Feedback Hub node: the object graph built with {@code new} in dependency order, the HTTP server,
 * and an orderly stop. Tests start this same class with their own {@link Config}.
 */
public final class FeedbackHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedbackHub.class);
    /** Marks a request counted in {@link #inFlight}. */
    private static final String ADMITTED = "feedbackhub.admitted";

    private final Config config;
    private final Database database;
    private final JdbcCacheVersions cacheVersions;
    private final JdbcFeedbackStore feedbackStore;
    private final KeyService keys;
    private final People people;
    private final Sessions sessions;
    private final Webhooks webhooks;
    private final RetentionSweep contextRetention;
    private final AuditTrail audit;
    private final SpentRowsSweep spentRows;
    /** The parts of one stats or export request that run side by side (virtual threads). */
    private final ExecutorService insightThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Metrics metrics = new Metrics();
    private final List<Door> doors;
    /** Each door's routes as it declared them, in the order of {@link #doors}. */
    private final Map<Door, RouteTable> routeTables = new LinkedHashMap<>();
    private Optional<List<IssuedKey>> bootstrapKeys = Optional.empty();
    private Optional<IssuedInvitation> ownerInvitation = Optional.empty();
    /** Set by {@link #close()}: from then on every new request is answered 503 in its door's shape. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Requests admitted before the stop began; the stop waits for them before closing the server. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Benchmark-only routes, present only when FEEDBACK_HUB_BENCH_ROUTES=true. */
    private final Optional<BenchRoutes> bench;
    /** The one configured mapper: Javalin, the importer and the webhook stores and dispatch read and write with it. */
    private final ObjectMapper json = Json.mapper();
    private final RouteCatalogue routes = new RouteCatalogue();
    private final WrongMethods wrongMethods = new WrongMethods(routes);
    private Javalin app;

    public FeedbackHub(Config config) {
        this.config = config;
        var clock = Clock.systemUTC();

        // storage
        database = config.databaseUrl()
                .map(url -> Database.postgres(url, config.dbPoolSize(), config.storeTimeout()))
                .orElseGet(() -> Database.sqlite(config.dataDir(), config.dbPoolSize(), config.storeTimeout()));
        database.migrate();
        cacheVersions = new JdbcCacheVersions(database).start();
        var rollups = new JdbcRollupReader(database);
        // every feedback write fills the webhook outbox: webhooks come before the feedback store (started in start())
        var webhookStores = new JdbcWebhookStores(database, json);
        var reviewStore = new JdbcReviewStore(database);
        var agreement = new AgreementService(new JdbcJudgmentReader(database));
        webhooks = new Webhooks(webhookStores.stores(), rollups, agreement, new QueueAgreement(reviewStore), json, config.webhooks(), clock);
        feedbackStore = new JdbcFeedbackStore(database, config.writerThreads(), config.writeBatchMax(), metrics::writeBatch,
                ChangeRecorders.withLiveReviewFilters(webhookStores.outbox(webhooks::outboxWriter)));

        // core services
        var configStore = new JdbcConfigStore(database, cacheVersions);
        var configs = new ConfigService(configStore, clock);
        var feedback = new FeedbackService(feedbackStore, configStore, clock);
        var registry = new RegistryService(new JdbcRegistryStore(database, feedbackStore), clock);
        var contents = new ContentService(new JdbcContentStore(database), clock);
        var keepIfJudged = new KeepIfJudged(new JdbcContextBuffer(database), config.context(), clock);
        var traced = new TraceRecorder(registry, contents, keepIfJudged);
        var otlp = new OtlpEndpoint(new OtlpSpans(traced, config.context()), config.context());
        contextRetention = new RetentionSweep(registry, contents, keepIfJudged, config.context(), clock);
        ScalesReader scales = configStore::scales;
        var stats = new StatsService(rollups, scales, insightThreads);
        var insight = new Insight(stats, new ComparisonService(stats), new JdbcRollupAudit(database),
                new ExportService(new JdbcExportReader(database), scales, insightThreads), scales);

        // tenants and keys
        keys = new KeyService(new JdbcKeyStore(database, cacheVersions), cacheVersions, clock); // the first tenant: in start()
        var endUserTokens = new EndUserTokens(new SigningKeys(new JdbcSigningKeyStore(database), clock), keys, clock, config.endUserTokenTtl());
        // people and their sessions (no password is hashed before the first sign-in)
        var peopleStore = new JdbcPeopleStore(database);
        people = new People(peopleStore, new Passwords(), config.signIn().invitationTtl(), clock);
        sessions = new Sessions(peopleStore, config.signIn().sessionIdle(), config.signIn().sessionAbsolute(), clock);
        spentRows = new SpentRowsSweep(peopleStore, clock);
        var loginLimits = new RateLimiter(0, 0, 0, config.signIn().loginFailuresPerMinute());
        var credentials = new Credentials(keys, endUserTokens, new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(),
                config.endUserRateLimitPerMinute(), config.authFailuresPerMinute()), sessions);
        var gate = new WriteGate(credentials);
        var langSmithTokens = new PresignedFeedbackTokens(new JdbcPresignedTokenStore(database), clock);

        audit = new AuditTrail(new JdbcAuditStore(database), clock, config.auditRetention());
        var settings = new Settings(new JdbcSettingsStore(database, cacheVersions), config.devicConversations(),
                new Settings.Retention(config.context().retention(), config.auditRetention()), clock);
        var reviews = new ReviewService(reviewStore, feedback, webhooks.reviewEvents(), clock);

        // front doors
        var importer = importer(json, feedback, registry);
        doors = new ArrayList<>(List.of(
                new NativeApi(feedback, registry, contents, configs, keys, credentials, gate, insight, webhooks, importer, reviews,
                        agreement, audit,
                        new NativeApi.SignIn(people, sessions, loginLimits, this::publicUrl), otlp, settings,
                        new TextSearch(new JdbcSearchStore(database)), keepIfJudged)));
        doors.addAll(Dialects.all(feedback, registry, credentials, gate, configs, keys, langSmithTokens, clock, this::publicUrl,
                settings::strictConversations, otlp, traced));
        var singleSignOn = new OidcRoutes(config.oidc(), people, sessions, keys, this::publicUrl, clock);
        doors.forEach(door -> {
            var table = new RouteTable();
            door.declare(table);
            if (door instanceof NativeApi) {
                singleSignOn.declare(table); // under /v1: its refusals are the native API's problem+json
            }
            routeTables.put(door, table);
        });
        bench = config.benchRoutes()
                ? Optional.of(new BenchRoutes(credentials, gate, feedback, new JdbcBenchRows(database, config.writerThreads(), config.writeBatchMax())))
                : Optional.empty();
    }

    /** The bulk import of exported feedback: the native export, Langfuse's scores, LangSmith's feedback. */
    static Importer importer(ObjectMapper json, FeedbackService feedback, RegistryService registry) {
        return new Importer(json, feedback, registry, List.of(new NativeImportFormat(), new ExportedScores(), new ExportedFeedback()));
    }

    /**
     * Starts serving; returns once the port is bound, then creates the first tenant and its keys if the store has
     * none. A port already in use throws {@link io.javalin.util.JavalinBindException} before anything is created.
     */
    public FeedbackHub start() {
        app = Javalin.create(javalin -> {
            javalin.useVirtualThreads = true;
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.jsonMapper(new JavalinJackson(json, true));
            javalin.router.ignoreTrailingSlashes = true;
            javalin.jetty.defaultHost = config.host();
            javalin.jetty.addConnector((server, http) -> SlowClients.connector(server, http, config.host(), config.port(), config.httpTimeouts()));
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new BadMessages(this::doorOf)));
            javalin.requestLogger.http(this::logRequest);
            routes.listenTo(javalin);
        });
        app.before(RequestIds::assign);
        // CORS before anything that may refuse: a page must be able to read every refusal, in its door's shape.
        doors.forEach(door -> door.cors().register(app, door.prefix()));
        app.before(this::admitUnlessStopping);
        app.before(new RequestText(config.maxBodyBytes(), config.httpTimeouts().body(), streamedPaths())::require);
        app.exception(Exception.class, (e, ctx) -> respondToFailure(e, ctx));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> respondToFailure(e, ctx));
        app.error(404, ctx -> {
            // A 404 a door has answered has its body; one without (a handler's bare status) gets the door's shape.
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respondToFailure(new io.javalin.http.NotFoundResponse("no route for " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
        new OpsRoutes(database, metrics).register(app);
        new DocsRoutes().register(app);
        new DashboardRoutes().register(app);
        new WidgetRoutes().register(app);
        routeTables.values().forEach(table -> table.registerOn(app));
        app.beforeMatched(LoggedPaths::remember);
        app.beforeMatched(AuditedChanges::remember);
        // Every door route's declared access, checked before its handler: no handler checks a role itself.
        app.beforeMatched(ctx -> doorOf(ctx.path()).ifPresent(door -> AccessGuard.check(ctx, door)));
        // Audited changes are recorded before the answer leaves, so that a caller who reads the log next finds them.
        app.afterMatched(ctx -> doorOf(ctx.path()).ifPresent(door -> AuditedChanges.record(audit, ctx, door.prefix())));
        bench.ifPresent(routes -> routes.register(app));
        app.start(config.port());
        // only once started: with a stop timeout, a start that fails to bind fails again in Jetty's graceful stop,
        // and the bind failure is lost behind an IllegalStateException
        app.jettyServer().server().setStopTimeout(config.shutdownTimeoutSeconds() * 1000L);
        // after the bind: a start that cannot serve creates no keys it would never show
        bootstrapKeys = keys.bootstrap(config.initAdminKey(), config.initSecretKey());
        ownerInvitation = firstOwnerInvitation();
        webhooks.start();
        contextRetention.start();
        audit.start();
        spentRows.start();
        log.info("listening url=http://localhost:{} {}", port(), config.describe());
        return this;
    }

    /** Requests admitted and not yet answered: a stop waits for them (a test waits on it to stop a node mid-request). */
    public int requestsInFlight() {
        return inFlight.get();
    }

    public int port() {
        return app.port();
    }

    /** The base URL links handed out start with: FEEDBACK_HUB_PUBLIC_URL, else this node on localhost. */
    public String publicUrl() {
        return config.publicUrl().orElseGet(() -> "http://localhost:" + port());
    }

    /** One HTTP route as registered: the method and the path template ({@code /v1/feedback/{id}}). */
    public record Route(String method, String path) {
    }

    /**
     * Every HTTP route this started node serves, every door included; tests walk it so that a route added later
     * cannot escape them.
     */
    public List<Route> routes() {
        return routes.routes();
    }

    /** One door route as declared: its door's prefix, and the route with who may call it. */
    public record DoorRoute(String door, RouteTable.Route route) {
    }

    /** Every route every door declares, with its access; tests walk it with every kind of caller. */
    public List<DoorRoute> doorRoutes() {
        return routeTables.entrySet().stream()
                .flatMap(e -> e.getValue().routes().stream().map(route -> new DoorRoute(e.getKey().prefix(), route))).toList();
    }

    /** The keys created on the first start against an empty store, if this start created them. */
    public Optional<List<IssuedKey>> bootstrapKeys() {
        return bootstrapKeys;
    }

    /**
     * When the first tenant has no people yet: one owner invitation, printed to the log, so that the first person signs
     * in to the dashboard without pasting a key. Each start without people prints a new one (the old stay valid until
     * they expire); several nodes starting at once may each print one.
     */
    private Optional<IssuedInvitation> firstOwnerInvitation() {
        var tenants = keys.tenants();
        if (tenants.isEmpty() || people.hasPeople(tenants.get(0).id())) {
            return Optional.empty();
        }
        var invitation = people.inviteFirstOwner(tenants.get(0).id(), "first start");
        log.warn("no one can sign in to tenant={} yet: open this link to become its owner (valid until {}): {}",
                tenants.get(0).id(), invitation.expiresAt(), invitation.link(publicUrl()));
        return Optional.of(invitation);
    }

    /** The owner invitation printed at this start, if the first tenant had no people. */
    public Optional<IssuedInvitation> ownerInvitation() {
        return ownerInvitation;
    }

    public People people() {
        return people;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** The hourly sweep of spent sessions and invitations (a test runs it at a chosen instant). */
    public SpentRowsSweep spentRows() {
        return spentRows;
    }

    /** The context retention sweep (a test runs it at a chosen instant instead of waiting an hour). */
    public RetentionSweep contextRetention() {
        return contextRetention;
    }

    /** The routes whose handlers read the body themselves: the import, and OTLP's protobuf at both doors. */
    private static Set<String> streamedPaths() {
        var paths = new HashSet<>(NativeApi.streamedPaths());
        paths.add(LangfuseDialect.OTEL_TRACES);
        return paths;
    }

    public KeyService keys() {
        return keys;
    }

    public Database database() {
        return database;
    }

    /** The versions this node's key and config caches go by (a test waits on them instead of on the clock). */
    public JdbcCacheVersions cacheVersions() {
        return cacheVersions;
    }

    /**
     * Counted first, then checked, so that {@link #close()} either sees the request in flight or the request sees the
     * stop. Refused here, a request is answered by its door's own mapper (503 with Retry-After), not by Jetty's
     * HTML page for requests arriving on kept-alive connections during its own graceful stop.
     */
    private void admitUnlessStopping(Context ctx) {
        inFlight.incrementAndGet();
        if (stopping.get()) {
            inFlight.decrementAndGet();
            throw new StoreUnavailable("the server is stopping", null);
        }
        ctx.attribute(ADMITTED, Boolean.TRUE);
    }

    private void respondToFailure(Throwable thrown, Context ctx) {
        var failure = wrongMethods.of(thrown, ctx).map(Throwable.class::cast).orElse(thrown);
        var kind = FailureKind.of(failure);
        if (kind instanceof FailureKind.Unavailable && !stopping.get()) {
            metrics.storeUnavailable();
        }
        if (kind.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(kind.retryAfterSeconds()));
        }
        doorOf(ctx.path()).ifPresentOrElse(d -> d.respondToFailure(failure, ctx), () -> ProblemResponses.respond(failure, ctx));
    }

    /** The door serving {@code path}: the one with the longest prefix of it. */
    private Optional<Door> doorOf(String path) {
        return doors.stream()
                .filter(d -> path.startsWith(d.prefix()))
                .max(Comparator.comparingInt(d -> d.prefix().length()));
    }

    /** Polls: requests end on their own threads, and a stop waits at most the shutdown timeout for them. */
    private void awaitRequestsInFlight() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(config.shutdownTimeoutSeconds());
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inFlight.get() > 0) {
            log.warn("stopping with {} requests still in flight after {} s", inFlight.get(), config.shutdownTimeoutSeconds());
        }
    }

    private void logRequest(Context ctx, Float millis) {
        if (ctx.attribute(ADMITTED) != null) {
            inFlight.decrementAndGet();
        }
        metrics.request(ctx.method().name(), LoggedPaths.route(ctx), ctx.statusCode(), millis / 1000.0);
        if (!log.isInfoEnabled()) {
            return; // the line's arguments (a String.format among them) cost even when nothing is logged
        }
        var principal = Credentials.principalOf(ctx);
        log.info("request_id={} tenant={} method={} path={} status={} ms={}", RequestIds.of(ctx),
                principal.map(p -> p.tenantId()).orElse("-"), ctx.method(), LoggedPaths.of(ctx), ctx.statusCode(), String.format("%.1f", millis));
    }

    /** Stops taking requests, finishes those in flight, commits every queued write, closes the pool. */
    @Override
    public void close() {
        if (app != null) {
            stopping.set(true);
            awaitRequestsInFlight();
            app.stop();
        }
        feedbackStore.close();
        bench.ifPresent(BenchRoutes::close);
        insightThreads.close();
        webhooks.close();
        contextRetention.close();
        audit.close();
        spentRows.close();
        cacheVersions.close();
        database.close();
        log.info("stopped");
    }
}
