package io.feedbackhub.app;

import io.feedbackhub.api.Credentials;
import io.feedbackhub.api.Door;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;

import java.util.List;

/** The vendor doors under /compat, each translating its vendor's API onto the core. */
final class Dialects {
    private Dialects() {
    }

    static List<Door> all(FeedbackService feedback, RegistryService registry, Credentials credentials) {
        return List.of();
    }
}
