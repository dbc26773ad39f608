package io.feedbackhub.app;

import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.PresignedFeedbackTokens;
import io.feedbackhub.context.OtlpEndpoint;
import io.feedbackhub.context.TraceRecorder;
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
import io.feedbackhub.http.WriteGate;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The vendor doors under /compat, each translating its vendor's API onto the core. */
final class Dialects {
    private Dialects() {
    }

    static List<Door> all(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate,
                          ConfigService configs, KeyService keys, PresignedFeedbackTokens langSmithTokens, Clock clock,
                          Supplier<String> publicUrl, Predicate<String> devicStrictTenants, OtlpEndpoint otlp,
                          TraceRecorder traced) {
        return List.of(
                new ScaleDialect(feedback, registry, credentials, gate),
                new ContextualDialect(feedback, registry, credentials, gate),
                new VirtuousDialect(feedback, registry, credentials, gate),
                new DevicDialect(feedback, registry, credentials, gate, devicStrictTenants),
                new PareaDialect(feedback, registry, credentials, gate, traced),
                new LangfuseDialect(feedback, configs, keys, credentials, gate, otlp, traced),
                new LangSmithDialect(feedback, credentials, gate, langSmithTokens, clock, publicUrl, traced));
    }
}
