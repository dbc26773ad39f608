package io.feedbackhub.app;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.core.ConfigService;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.contextual.ContextualDialect;
import io.feedbackhub.dialect.devic.DevicDialect;
import io.feedbackhub.dialect.langfuse.LangfuseDialect;
import io.feedbackhub.dialect.langsmith.LangSmithDialect;
import io.feedbackhub.dialect.parea.PareaDialect;
import io.feedbackhub.dialect.scale.ScaleDialect;
import io.feedbackhub.dialect.virtuous.VirtuousDialect;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Door;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The vendor doors under /compat, each translating its vendor's API onto the core. */
final class Dialects {
    private Dialects() {
    }

    static List<Door> all(FeedbackService feedback, RegistryService registry, Credentials credentials,
                          ConfigService configs, KeyService keys, PresignedFeedbackTokens langSmithTokens, Clock clock,
                          Supplier<String> publicUrl, DevicConversations devicStrictTenants) {
        return List.of(
                new ScaleDialect(feedback, registry, credentials),
                new ContextualDialect(feedback, registry, credentials),
                new VirtuousDialect(feedback, registry, credentials),
                new DevicDialect(feedback, registry, credentials, devicStrictTenants),
                new PareaDialect(feedback, registry, credentials),
                new LangfuseDialect(feedback, configs, keys, credentials),
                new LangSmithDialect(feedback, credentials, langSmithTokens, clock, publicUrl));
    }
}
