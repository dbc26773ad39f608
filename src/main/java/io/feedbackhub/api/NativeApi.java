package io.feedbackhub.api;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.ContentService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.ProblemResponses;
import io.feedbackhub.imports.Importer;
import io.feedbackhub.insight.Insight;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.review.ReviewService;
import io.feedbackhub.webhooks.Webhooks;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/** The native API under /v1, answering failures as problem+json. */
public final class NativeApi implements Door {
    private final FeedbackRoutes feedback;
    private final RegistryRoutes registry;
    private final ContentRoutes contents;
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

    public NativeApi(FeedbackService feedback, RegistryService registry, ContentService contents, ConfigService configs, KeyService keys, Credentials credentials,
                     Insight insight, Webhooks webhooks, Importer importer, ReviewService reviews, AgreementService agreement) {
        this.webhooks = new WebhookRoutes(webhooks.endpoints(), credentials);
        this.alerts = new AlertRoutes(webhooks.alerts(), credentials);
        this.feedback = new FeedbackRoutes(feedback, credentials, insight.scales());
        this.registry = new RegistryRoutes(registry, credentials);
        this.contents = new ContentRoutes(contents, credentials);
        this.configs = new ConfigRoutes(configs, credentials);
        this.keys = new KeyRoutes(keys, credentials);
        this.insight = new InsightRoutes(insight, credentials, java.time.Clock.systemUTC());
        this.exports = new ExportRoutes(insight.exports(), credentials, java.time.Clock.systemUTC());
        this.tokens = new TokenRoutes(credentials);
        this.imports = new ImportRoutes(importer, credentials);
        this.reviews = new ReviewRoutes(reviews, credentials, insight.scales());
        this.agreement = new AgreementRoutes(agreement, credentials);
    }

    /** The routes that read their body as it arrives, which RequestText must leave unread. */
    public static Set<String> streamedPaths() {
        return ImportRoutes.STREAMED;
    }

    @Override
    public String prefix() {
        return "/v1";
    }

    @Override
    public void register(Javalin app) {
        feedback.register(app);
        registry.register(app);
        contents.register(app);
        configs.register(app);
        keys.register(app);
        insight.register(app);
        exports.register(app);
        webhooks.register(app);
        alerts.register(app);
        tokens.register(app);
        imports.register(app);
        reviews.register(app);
        agreement.register(app);
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
