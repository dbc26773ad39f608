package io.feedbackhub.dialect.parea;

import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Door;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;

/** Placeholder: the Parea dialect is being written. */
public final class PareaDialect implements Door {
    private final FeedbackService feedback;
    private final RegistryService registry;
    private final Credentials credentials;

    public PareaDialect(FeedbackService feedback, RegistryService registry, Credentials credentials) {
        this.feedback = feedback;
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public String prefix() {
        return "/compat/parea";
    }

    @Override
    public void register(Javalin app) {
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, Map.of());
    }
}
