package io.feedbackhub.insight;

import io.feedbackhub.core.FeedbackQuery;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams an export page by page: memory holds one page whatever the size of the result, and each page is
 * read in its own short query, so a slow client never holds a database transaction open.
 */
public final class ExportService {
    public static final int PAGE_SIZE = 1000;

    private final ExportReader reader;

    public ExportService(ExportReader reader) {
        this.reader = reader;
    }

    /** Writes every matching row to {@code out} in {@code format}; returns how many rows were written. */
    public long export(String tenantId, FeedbackQuery filters, ExportFormat format, OutputStream out) throws IOException {
        var writer = format.writer(out);
        long written = 0;
        String after = "";
        while (true) {
            var rows = reader.page(tenantId, filters, format.subset(), after, PAGE_SIZE);
            for (var row : rows) {
                if (writer.write(row)) {
                    written++;
                }
            }
            writer.flush();
            if (rows.size() < PAGE_SIZE) {
                break;
            }
            after = rows.getLast().id();
        }
        writer.finish();
        return written;
    }
}
