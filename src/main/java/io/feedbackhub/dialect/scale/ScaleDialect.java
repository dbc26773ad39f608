package io.feedbackhub.dialect.scale;

import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Door;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;

/** Placeholder: the Scale dialect is being written. */
public final class ScaleDialect implements Door {
    private final FeedbackService feedback;
    private final RegistryService registry;
    private final Credentials credentials;

    public ScaleDialect(FeedbackService feedback, RegistryService registry, Credentials credentials) {
        this.feedback = feedback;
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public String prefix() {
        return "/compat/scale";
    }

    @Override
    public void register(Javalin app) {
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, Map.of());
    }
}
