package io.feedbackhub.insight;

import io.feedbackhub.core.FreeText;

/**
 * One live feedback as exported, with the registered message and thread it points at (null when not registered).
 * Lists, maps and {@code data} stay the JSON text they are stored as, so an export copies them without parsing.
 * {@code polarity} follows the name's config ({@link Scales}), as in the native JSON; null when nothing decides.
 * {@code resolved} is the adjudicated label, with {@code labels=resolved} only.
 */
public record ExportRow(String id, String agentId, String threadId, String messageId, String turnId, String traceId,
                        String contentId, String name, String label, Double score, String comment, String reasonsJson,
                        String correction, String dataJson, String queryCategory, String sourceSurface, String authorId,
                        String source, String clientFeedbackId, String metadataJson, long createdAt, long updatedAt,
                        int revision, RegisteredMessage message, RegisteredThread thread, Polarity polarity,
                        Resolved resolved) {

    /** This row with its polarity under the tenant's configs (the store reads rows without it). */
    ExportRow judgedBy(Scales scales) {
        return judgedBy(scales, false);
    }

    /**
     * With {@code byResolution}, the polarity of the adjudicated label where there is one and it has a polarity (a
     * pairwise decision, a message id, has none): the adjudicator's decision overrides the reviewer's label.
     */
    ExportRow judgedBy(Scales scales, boolean byResolution) {
        var polarity = scales.polarity(name, label, score);
        if (byResolution && resolved != null) {
            var decided = scales.polarity(name, resolved.label(), null);
            polarity = decided == null ? polarity : decided;
        }
        return new ExportRow(id, agentId, threadId, messageId, turnId, traceId, contentId, name, label, score, comment, reasonsJson,
                correction, dataJson, queryCategory, sourceSurface, authorId, source, clientFeedbackId, metadataJson, createdAt,
                updatedAt, revision, message, thread, polarity, resolved);
    }

    /** This row as read by someone not shown free text: no comment, no correction (see {@link FreeText}). */
    ExportRow shownAs(FreeText freeText) {
        if (freeText == FreeText.SHOWN) {
            return this;
        }
        return new ExportRow(id, agentId, threadId, messageId, turnId, traceId, contentId, name, label, score, null, reasonsJson,
                null, dataJson, queryCategory, sourceSurface, authorId, source, clientFeedbackId, metadataJson, createdAt,
                updatedAt, revision, message, thread, polarity, resolved);
    }

    /**
     * The adjudicated label of the row's answer and name in a review queue (the latest decision when several queues
     * decided), read only for an export with {@code labels=resolved}; null otherwise or when nobody decided.
     */
    public record Resolved(String label, String by, long at, String queueId) {
    }

    /** A message as registered with PUT /v1/messages/{id}: {@code content} is the answer that was judged. */
    public record RegisteredMessage(String id, String threadId, String role, String prompt, String content, String model,
                                    String metadataJson, long createdAt, long updatedAt) {
    }

    public record RegisteredThread(String id, String agentId, String title, String metadataJson, long createdAt, long updatedAt) {
    }

    public String prompt() {
        return message == null ? null : message.prompt();
    }

    public String answer() {
        return message == null ? null : message.content();
    }
}
