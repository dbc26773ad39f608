package io.feedbackhub.insight;

import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/** The shapes an export can take, with their media type and file name. */
public enum ExportFormat {
    /** One feedback per line, the native JSON shape plus {@code message} and {@code thread}. */
    JSONL("application/x-ndjson", "feedback", "jsonl", ExportSubset.ALL, (out, labels) -> new ExportWriters.Jsonl(out)),
    /** The same columns flattened, RFC 4180, with a header row. */
    CSV("text/csv; charset=utf-8; header=present", "feedback", "csv", ExportSubset.ALL, ExportWriters.Csv::new),
    /** {prompt, context, chosen, rejected, pairing, metadata} for preference tuning (DPO and the like), by prompt. */
    PREFERENCE("application/x-ndjson", "preference-pairs", "jsonl", ExportSubset.BY_PROMPT, ExportWriters.Preference::new),
    /** {input, expected_output, corrections, votes, majority_label, metadata}: one evaluation case per distinct prompt. */
    EVAL("application/x-ndjson", "eval-cases", "jsonl", ExportSubset.BY_PROMPT, ExportWriters.Eval::new);

    /** A score below this marks an answer as judged bad, as a negative label does (scores run 0 to 1 for reactions). */
    public static final double NEGATIVE_SCORE_BELOW = 0.5;
    public static final String ALLOWED = "jsonl, csv, preference, eval";

    private final String contentType;
    private final String filePrefix;
    private final String extension;
    private final ExportSubset subset;
    private final BiFunction<OutputStream, ExportLabels, ExportWriters.RowWriter> writer;

    ExportFormat(String contentType, String filePrefix, String extension, ExportSubset subset,
                 BiFunction<OutputStream, ExportLabels, ExportWriters.RowWriter> writer) {
        this.contentType = contentType;
        this.filePrefix = filePrefix;
        this.extension = extension;
        this.subset = subset;
        this.writer = writer;
    }

    public static Optional<ExportFormat> parse(String text) {
        for (var f : values()) {
            if (f.wire().equals(text)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String contentType() {
        return contentType;
    }

    /** e.g. {@code preference-pairs-20261123T120000Z.jsonl}. */
    public String fileName(java.time.Instant at) {
        var stamp = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("-", "").replace(":", "");
        return filePrefix + "-" + stamp + "." + extension;
    }

    ExportSubset subset() {
        return subset;
    }

    /** Whether the rows come grouped by prompt ({@link ExportReader#byPrompt}) rather than in pages by id. */
    boolean byPrompt() {
        return subset == ExportSubset.BY_PROMPT;
    }

    ExportWriters.RowWriter writer(OutputStream out, ExportLabels labels) {
        return writer.apply(out, labels);
    }

    ExportWriters.PromptGroupLines promptWriter(OutputStream out, ExportLabels labels) {
        return (ExportWriters.PromptGroupLines) writer.apply(out, labels);
    }

    /** What comes before the first row: CSV's header row. */
    byte[] header(ExportLabels labels) {
        return this == CSV ? ExportWriters.Csv.header(labels) : new byte[0];
    }
}
