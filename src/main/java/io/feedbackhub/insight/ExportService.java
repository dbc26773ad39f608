package io.feedbackhub.insight;

import io.feedbackhub.core.FreeText;

import io.feedbackhub.core.FeedbackQuery;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Streams an export as a pipeline of pages: one thread reads page after page (keyset by id, each page a short query
 * of its own, so a slow client never holds a database transaction open), each page is rendered to bytes on a thread
 * of its own, and the request's thread writes the rendered pages out in order. At most {@link #PAGES_IN_FLIGHT}
 * pages are held at a time, whatever the size of the result: memory stays flat, and on a machine with several cores
 * reading, rendering and sending overlap.
 */
public final class ExportService {
    public static final int PAGE_SIZE = 1000;
    static final int PAGES_IN_FLIGHT = 4;

    private final ExportReader reader;
    private final ScalesReader scalesReader;
    /** Renders pages beside the reads (virtual threads); owned by whoever wires this. */
    private final Executor threads;

    public ExportService(ExportReader reader, ScalesReader scales, Executor threads) {
        this.reader = reader;
        this.scalesReader = scales;
        this.threads = threads;
    }

    /** A rendered page, sent from its own buffer (no copy). */
    private record Rendered(ByteArrayOutputStream bytes, int rows) {
    }

    /** Writes every matching row to {@code out} in {@code format}; returns how many rows were written. */
    public long export(String tenantId, FeedbackQuery filters, ExportFormat format, OutputStream out) throws IOException {
        return export(tenantId, filters, format, ExportLabels.INDIVIDUAL, FreeText.SHOWN, out);
    }

    /**
     * The same, with the adjudicated labels for {@link ExportLabels#RESOLVED}: beside each row's own in JSONL and CSV,
     * beside the majority label in eval cases, and deciding which answer is the better in preference pairs; and
     * without comments and corrections for a reader from whom {@code freeText} is withheld (a dataset then has no
     * correction pairs and no expected outputs).
     */
    public long export(String tenantId, FeedbackQuery filters, ExportFormat format, ExportLabels labels, FreeText freeText,
                       OutputStream out) throws IOException {
        if (format.byPrompt()) {
            return exportByPrompt(tenantId, filters, format, labels, freeText, out);
        }
        var pages = new ArrayBlockingQueue<CompletableFuture<Rendered>>(PAGES_IN_FLIGHT);
        var scales = scalesReader.of(tenantId);
        var end = CompletableFuture.<Rendered>completedFuture(null);
        var producer = Thread.ofVirtual().unstarted(() -> {
            try {
                String after = "";
                while (true) {
                    var rows = reader.page(tenantId, filters, format.subset(), labels, after, PAGE_SIZE);
                    pages.put(CompletableFuture.supplyAsync(() -> render(format, labels, rows, scales, freeText), threads));
                    if (rows.size() < PAGE_SIZE) {
                        break;
                    }
                    after = rows.getLast().id();
                }
                pages.put(end);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException failure) {
                putQuietly(pages, CompletableFuture.failedFuture(failure));
            }
        });
        producer.start();
        long written = 0;
        try {
            out.write(format.header(labels));
            while (true) {
                var page = pages.take();
                if (page == end) {
                    break;
                }
                var rendered = StatsService.await(page);
                rendered.bytes().writeTo(out);
                out.flush();
                written += rendered.rows();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("export interrupted", e);
        } finally {
            producer.interrupt();
        }
        return written;
    }

    /**
     * A dataset grouped by prompt: the store's one sorted read is rendered into a temporary file at the database's
     * pace, and the file then sent at the client's, so that a slow client never holds the read (or its connection)
     * open. Memory holds one prompt's feedback; the disk holds the rendered dataset until it is sent.
     */
    private long exportByPrompt(String tenantId, FeedbackQuery filters, ExportFormat format, ExportLabels labels,
                                FreeText freeText, OutputStream out) throws IOException {
        var file = Files.createTempFile("feedback-hub-" + format.wire(), ".jsonl");
        try {
            long lines;
            try (var rendered = new BufferedOutputStream(Files.newOutputStream(file))) {
                var writer = format.promptWriter(rendered, labels).judgingBy(scalesReader.of(tenantId)).shownAs(freeText);
                try {
                    reader.byPrompt(tenantId, filters, labels, writer);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                writer.finish();
                lines = writer.lines;
            }
            Files.copy(file, out);
            out.flush();
            return lines;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Rendered render(ExportFormat format, ExportLabels labels, List<ExportRow> rows, Scales scales, FreeText freeText) {
        var bytes = new ByteArrayOutputStream(rows.size() * 2048);
        var writer = format.writer(bytes, labels);
        int taken = 0;
        try {
            for (var row : rows) {
                if (writer.write(row.judgedBy(scales).shownAs(freeText))) {
                    taken++;
                }
            }
            writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return new Rendered(bytes, taken);
    }

    private static void putQuietly(ArrayBlockingQueue<CompletableFuture<Rendered>> pages, CompletableFuture<Rendered> page) {
        try {
            pages.put(page);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
