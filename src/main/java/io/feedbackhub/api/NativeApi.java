package io.feedbackhub.api;

import io.feedbackhub.audit.AuditTrail;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.context.KeepIfJudged;
import io.feedbackhub.context.OtlpEndpoint;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.TextSearch;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.ProblemResponses;
import io.feedbackhub.http.RateLimiter;
import io.feedbackhub.people.People;
import io.feedbackhub.people.Sessions;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.imports.Importer;
import io.feedbackhub.insight.Insight;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.review.ReviewService;
import io.feedbackhub.settings.Settings;
import io.feedbackhub.webhooks.Webhooks;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The native API under /v1, answering failures as problem+json. */
public final class NativeApi implements Door {
    /** OTLP/HTTP trace export: an OpenTelemetry exporter's endpoint is this path on the hub (docs/context.md). */
    public static final String OTEL_TRACES = "/v1/otel/v1/traces";
    private final FeedbackRoutes feedback;
    private final RegistryRoutes registry;
    private final ContentRoutes contents;
    private final ContextSettingsRoutes contextSettings;
    private final ConfigRoutes configs;
    private final KeyRoutes keys;
    private final InsightRoutes insight;
    private final ExportRoutes exports;
    private final WebhookRoutes webhooks;
    private final AlertRoutes alerts;
    private final TokenRoutes tokens;
    private final ImportRoutes imports;
    private final ReviewRoutes reviews;
    private final AgreementRoutes agreement;
    private final PeopleRoutes people;
    private final AuditRoutes audit;
    private final SettingsRoutes settings;
    private final AccountRoutes account;
    private final SearchRoutes search;

    private final Credentials credentials;
    private final OtlpEndpoint otlp;

    public NativeApi(FeedbackService feedback, RegistryService registry, ContentService contents, ConfigService configs, KeyService keys,
                     Credentials credentials, WriteGate gate, Insight insight, Webhooks webhooks, Importer importer,
                     ReviewService reviews, AgreementService agreement, AuditTrail audit, SignIn signIn,
                     OtlpEndpoint otlp, Settings settings, TextSearch search, KeepIfJudged keepIfJudged) {
        this.otlp = otlp;
        this.contextSettings = new ContextSettingsRoutes(keepIfJudged);
        this.credentials = credentials;
        this.people = new PeopleRoutes(signIn.people(), signIn.sessions(), keys, signIn.loginLimits(), signIn.publicUrl());
        this.alerts = new AlertRoutes(webhooks.alerts());
        this.account = new AccountRoutes(signIn.people(), signIn.sessions(), signIn.loginLimits());
        var reads = new FeedbackReads(feedback, settings, reviews);
        this.webhooks = new WebhookRoutes(webhooks.endpoints(), reads);
        this.settings = new SettingsRoutes(settings);
        this.feedback = new FeedbackRoutes(feedback, gate, insight.scales(), reads);
        this.registry = new RegistryRoutes(registry);
        this.contents = new ContentRoutes(contents);
        this.configs = new ConfigRoutes(configs);
        this.keys = new KeyRoutes(keys);
        this.insight = new InsightRoutes(insight, java.time.Clock.systemUTC(), settings::timeZone);
        this.exports = new ExportRoutes(insight.exports(), java.time.Clock.systemUTC(), reads);
        this.tokens = new TokenRoutes(credentials.tokens(), reads);
        this.imports = new ImportRoutes(importer, gate);
        this.reviews = new ReviewRoutes(reviews, gate, insight.scales(), reads);
        this.agreement = new AgreementRoutes(agreement);
        this.audit = new AuditRoutes(audit);
        this.search = new SearchRoutes(search, reads);
    }

    /** The routes that read their body as it arrives, which RequestText must leave unread. */
    public static Set<String> streamedPaths() {
        return Set.of(ImportRoutes.PATH, OTEL_TRACES);
    }

    @Override
    public String prefix() {
        return "/v1";
    }

    @Override
    public void declare(RouteTable routes) {
        feedback.declare(routes);
        registry.declare(routes);
        contents.declare(routes);
        contextSettings.declare(routes);
        configs.declare(routes);
        keys.declare(routes);
        insight.declare(routes);
        exports.declare(routes);
        webhooks.declare(routes);
        alerts.declare(routes);
        tokens.declare(routes);
        imports.declare(routes);
        reviews.declare(routes);
        agreement.declare(routes);
        people.declare(routes);
        audit.declare(routes);
        settings.declare(routes);
        account.declare(routes);
        search.declare(routes);
        routes.post(OTEL_TRACES, Access.EDITOR, ctx -> otlp.export(ctx, Credentials.caller(ctx).tenantId()));
    }

    /** What the people's routes need: the people, their sessions, the limit of failed sign-ins, and the base of invitation links. */
    public record SignIn(People people, Sessions sessions, RateLimiter loginLimits, Supplier<String> publicUrl) {
    }

    /** An API key or an end-user token, as Authorization: Bearer or X-API-Key; or a person's session cookie. */
    @Override
    public Principal authenticate(Context ctx) {
        return credentials.requireKeyOrSession(ctx, FeedbackRoutes.KEY_HEADERS);
    }

    /** The widget and browser pages: a publishable key or an end-user token in Authorization (or X-API-Key). */
    @Override
    public Cors cors() {
        return Cors.of(new Credentials.Source[]{Credentials.Source.AUTHORIZATION, Credentials.Source.X_API_KEY}, List.of(),
                "GET", "POST", "PUT", "PATCH", "DELETE");
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        ProblemResponses.respond(failure, ctx);
    }
}
