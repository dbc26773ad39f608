package io.feedbackhub.insight;

import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.insight.ExportRow.RegisteredMessage;

import java.io.IOException;
import java.util.List;

/**
 * Reads one page of an export: at most {@code limit} rows with ids greater than {@code afterId}, in id order,
 * each page in a short query of its own (no transaction spans the export). The query's limit and cursor are ignored.
 */
public interface ExportReader {
    /** With {@code labels} {@link ExportLabels#RESOLVED}, each row carries its answer's adjudicated label, if any. */
    List<ExportRow> page(String tenantId, FeedbackQuery filters, ExportSubset subset, ExportLabels labels, String afterId, int limit);

    /**
     * Every live feedback matching the filters on a message registered with a prompt, ordered by prompt, then message
     * id, then feedback id, so that all feedback on one prompt arrives together; in one read, which {@code rows} must
     * not slow down (it writes to a local file, not to a client). {@code turns} looks up, on the same read, the turns
     * of a message's thread before it. With {@code labels} {@link ExportLabels#RESOLVED}, rows carry their adjudicated labels.
     */
    void byPrompt(String tenantId, FeedbackQuery filters, ExportLabels labels, PromptRows rows);

    /** One turn of a conversation as a chat model sees it. */
    record Turn(String role, String content) {
    }

    @FunctionalInterface
    interface EarlierTurns {
        /** The registered turns of the message's thread before it, oldest first, at most {@code limit} (the latest). */
        List<Turn> before(RegisteredMessage message, int limit);
    }

    interface PromptRows {
        void row(ExportRow row, EarlierTurns turns) throws IOException;

        /** After the last row. */
        void end(EarlierTurns turns) throws IOException;
    }
}
