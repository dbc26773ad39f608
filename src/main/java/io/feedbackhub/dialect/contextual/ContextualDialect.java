package io.feedbackhub.dialect.contextual;

import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Door;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;

/** Placeholder: the Contextual dialect is being written. */
public final class ContextualDialect implements Door {
    private final FeedbackService feedback;
    private final RegistryService registry;
    private final Credentials credentials;

    public ContextualDialect(FeedbackService feedback, RegistryService registry, Credentials credentials) {
        this.feedback = feedback;
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public String prefix() {
        return "/compat/contextual/v1";
    }

    @Override
    public void register(Javalin app) {
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, Map.of());
    }
}
