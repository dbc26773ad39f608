package io.feedbackhub.core;

import java.time.Instant;
import java.util.List;

/**
 * A text search within one tenant: every one of {@code words} (lowercase letters and digits, each also matching as a
 * word's start) in one field of a message (prompt, answer) or of a live feedback (comment, correction); filtered by
 * agent, thread and created_at in [{@code from}, {@code to}); newest first, after {@code after} (null for the first page).
 * {@code freeText} withheld (a viewer of a project that hides comments from viewers) searches messages only.
 */
public record SearchQuery(List<String> words, String agentId, String threadId, Instant from, Instant to,
                          SearchHit.Position after, int limit, FreeText freeText) {
    public SearchQuery {
        words = List.copyOf(words);
    }
}
