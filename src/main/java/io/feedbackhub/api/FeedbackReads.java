package io.feedbackhub.api;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FreeText;
import io.feedbackhub.core.Page;
import io.feedbackhub.settings.Settings;

import java.util.List;

/**
 * Every read of feedback the native API answers a caller with, and the one rule of what the caller sees of its free
 * text: a viewer (a viewer's session, or any viewer-level access) of a project whose settings say
 * {@code viewer_comments: hidden} gets no comment and no correction, from the feed and listing, one feedback, its
 * history, and every export format ({@link #freeText}). The settings are cached across nodes (JdbcSettingsStore),
 * so asking costs no database read per request.
 */
final class FeedbackReads {
    private final FeedbackService feedback;
    private final Settings settings;

    FeedbackReads(FeedbackService feedback, Settings settings) {
        this.feedback = feedback;
        this.settings = settings;
    }

    FreeText freeText(Principal caller) {
        return caller.teamRole() == TeamRole.VIEWER && settings.hidesCommentsFromViewers(caller.tenantId())
                ? FreeText.WITHHELD : FreeText.SHOWN;
    }

    Feedback get(Principal caller, String id) {
        return freeText(caller).applyTo(feedback.get(caller.tenantId(), id));
    }

    Page<Feedback> list(Principal caller, FeedbackQuery query) {
        var page = feedback.list(caller.tenantId(), query);
        var shown = freeText(caller);
        return new Page<>(page.items().stream().map(shown::applyTo).toList(), page.nextAfter());
    }

    List<Feedback> history(Principal caller, String id) {
        var shown = freeText(caller);
        return feedback.history(caller.tenantId(), id).stream().map(shown::applyTo).toList();
    }
}
