package io.feedbackhub.insight;

import io.feedbackhub.core.FeedbackQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Streams an export page by page: memory holds two pages whatever the size of the result (the one being written
 * and the next one, read meanwhile on another thread so that the database and the client work at the same time),
 * and each page is read in its own short query, so a slow client never holds a database transaction open.
 */
public final class ExportService {
    public static final int PAGE_SIZE = 1000;
    private static final Executor READS = Executors.newVirtualThreadPerTaskExecutor();

    private final ExportReader reader;

    public ExportService(ExportReader reader) {
        this.reader = reader;
    }

    /** Writes every matching row to {@code out} in {@code format}; returns how many rows were written. */
    public long export(String tenantId, FeedbackQuery filters, ExportFormat format, OutputStream out) throws IOException {
        var writer = format.writer(out);
        long written = 0;
        var next = read(tenantId, filters, format, "");
        while (next != null) {
            var rows = StatsService.await(next);
            next = rows.size() < PAGE_SIZE ? null : read(tenantId, filters, format, rows.getLast().id());
            try {
                for (var row : rows) {
                    if (writer.write(row)) {
                        written++;
                    }
                }
                writer.flush();
            } catch (IOException | RuntimeException e) {
                if (next != null) {
                    next.cancel(false);
                }
                throw e;
            }
        }
        writer.finish();
        return written;
    }

    private CompletableFuture<List<ExportRow>> read(String tenantId, FeedbackQuery filters, ExportFormat format, String after) {
        return CompletableFuture.supplyAsync(() -> reader.page(tenantId, filters, format.subset(), after, PAGE_SIZE), READS);
    }
}
