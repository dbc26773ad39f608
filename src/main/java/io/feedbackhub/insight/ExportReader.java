package io.feedbackhub.insight;

import io.feedbackhub.core.FeedbackQuery;

import java.util.List;

/**
 * Reads one page of an export: at most {@code limit} rows with ids greater than {@code afterId}, in id order,
 * each page in a short query of its own (no transaction spans the export). The query's limit and cursor are ignored.
 */
public interface ExportReader {
    List<ExportRow> page(String tenantId, FeedbackQuery filters, ExportSubset subset, String afterId, int limit);
}
