package io.feedbackhub.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.Refusal;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.imports.ImportSummary.LineError;
import io.feedbackhub.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bulk import of exported feedback: the stream is read line by line (never whole), each line translated by its
 * format, and the lines written in batches through {@link FeedbackService#upsertAll}, the write path of every door,
 * so that validation, feedback configs, rollups and webhooks apply as to a live write. A bad line is reported by its
 * number and the import goes on. Every line carries an idempotency key derived from its source id, so running the
 * same file again replays every line and adds nothing; an import cut short (store unavailable) can simply be re-run.
 */
public final class Importer {
    /** Lines per write: large enough to amortise a commit, small enough to keep a batch's memory and lock time low. */
    public static final int BATCH_LINES = 500;
    /** One import at most this many lines; a larger history is split into files (each re-runnable on its own). */
    public static final long MAX_LINES = 1_000_000;
    /** Lines of a file in all, blank ones included, per record it may hold. */
    private static final long MAX_BLANK_LINES_PER_RECORD = 4;
    /** A feedback line holds at most a 200 000-character prompt and answer plus its fields. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    public static final int MAX_ERRORS = 100;
    /** Threads and messages already registered by this import: a history names the same few again and again. */
    private static final int REGISTERED_MEMO = 10_000;

    private final ObjectMapper json;
    /** Reads one array element: the strict mapper would call the comma after it a trailing token. */
    private final ObjectReader element;
    private final FeedbackService feedback;
    private final RegistryService registry;
    private final List<ImportFormat> formats;
    private final long maxLines;

    public Importer(ObjectMapper json, FeedbackService feedback, RegistryService registry, List<ImportFormat> formats) {
        this(json, feedback, registry, formats, MAX_LINES);
    }

    Importer(ObjectMapper json, FeedbackService feedback, RegistryService registry, List<ImportFormat> formats, long maxLines) {
        this.json = json;
        this.element = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.feedback = feedback;
        this.registry = registry;
        this.formats = List.copyOf(formats);
        this.maxLines = maxLines;
    }

    /** The format {@code format=} names; empty for an unknown name. */
    public Optional<ImportFormat> format(String name) {
        return formats.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String formatNames() {
        return String.join(", ", formats.stream().map(ImportFormat::name).toList());
    }

    /**
     * Imports every line of {@code in} (text in {@code charset}, strictly decoded) as {@code actor}; {@code format} null
     * detects each line's format.
     * {@code progress} hears the running totals after every batch.
     */
    public ImportSummary run(Actor actor, InputStream in, Charset charset, ImportFormat format, Consumer<ImportSummary> progress)
            throws IOException {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var reader = new PushbackReader(new InputStreamReader(in, decoder), 1);
        var run = new Run(actor, format, progress);
        try {
            if (startsAnArray(reader)) {
                readArray(reader, run);
            } else {
                readLines(reader, run);
            }
        } catch (CharacterCodingException e) {
            run.fail(run.number + 1, "the bytes are not " + charset.name() + " text; the import stops here");
            run.stoppedAt = run.number + 1;
        }
        run.flush();
        var summary = run.summary();
        progress.accept(summary);
        return summary;
    }

    /** Whether the first character that is not white space opens a JSON array (a whole-file export, e.g. a UI's). */
    private static boolean startsAnArray(PushbackReader reader) throws IOException {
        int c;
        do {
            c = reader.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF');
        if (c >= 0) {
            reader.unread(c);
        }
        return c == '[';
    }

    /** JSON lines: one record a line (or a Langfuse page {data, meta}); line numbers as in the file. */
    private void readLines(PushbackReader reader, Run run) throws IOException {
        var lines = new BoundedLines(reader, MAX_LINE_CHARS);
        for (var line = lines.next(); line != null && run.stoppedAt == null; line = lines.next()) {
            run.number++;
            if (line.text().isBlank()) {
                if (run.number > MAX_BLANK_LINES_PER_RECORD * (maxLines + 1)) {
                    // blank lines are not records, but reading them is work: an endless stream of them is stopped
                    run.fail(run.number, "the file has more than " + MAX_BLANK_LINES_PER_RECORD * (maxLines + 1)
                            + " lines; the import stops here");
                    run.stoppedAt = run.number;
                }
                continue;
            }
            if (line.tooLong()) {
                if (run.admit()) {
                    run.fail(run.number, "the line is longer than " + MAX_LINE_CHARS + " characters");
                }
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(line.text());
            } catch (JsonProcessingException e) {
                if (run.admit()) {
                    run.fail(run.number, "not JSON: " + e.getOriginalMessage());
                }
                continue;
            }
            run.accept(node);
        }
    }

    /** One JSON array of records, read element by element; each is reported by the line it starts on. */
    private void readArray(PushbackReader reader, Run run) throws IOException {
        try (var parser = json.createParser(reader)) {
            parser.nextToken(); // [
            while (run.stoppedAt == null) {
                var token = parser.nextToken();
                run.number = parser.currentTokenLocation().getLineNr();
                if (token == null || token == JsonToken.END_ARRAY) {
                    if (token == null) {
                        run.fail(run.number, "the JSON array is not closed; the import stops here");
                    }
                    break;
                }
                run.accept(element.readTree(parser));
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation() == null ? run.number : e.getLocation().getLineNr();
            run.fail(at, "not JSON: " + e.getOriginalMessage() + "; the import stops here");
            run.stoppedAt = (long) at;
        }
    }

    private ImportRecord read(ObjectNode object, ImportFormat forced) {
        var format = forced != null ? forced : formats.stream().filter(f -> f.recognizes(object)).findFirst()
                .orElseThrow(() -> new LineRefused("the line is none of the formats " + formatNames()
                        + "; name one with format="));
        try {
            return format.read(object);
        } catch (IllegalArgumentException e) {
            throw new LineRefused(e.getMessage());
        }
    }

    /** The records a JSON value holds: itself, or the items of a page as Langfuse's listings answer ({data, meta}). */
    private static List<JsonNode> records(JsonNode node) {
        if (node instanceof ObjectNode o && o.size() == 2 && o.path("data").isArray() && o.path("meta").isObject()) {
            var items = new ArrayList<JsonNode>();
            o.get("data").forEach(items::add);
            return items;
        }
        return List.of(node);
    }

    /** A line that is not feedback of any format; reported like a refusal. */
    static final class LineRefused extends RuntimeException {
        LineRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** The running state of one import. */
    private final class Run {
        private final Actor actor;
        private final ImportFormat format;
        private final Consumer<ImportSummary> progress;
        private final List<Long> pendingLines = new ArrayList<>();
        private final List<ImportRecord> pending = new ArrayList<>();
        private final List<LineError> errors = new ArrayList<>();
        private final Map<String, Boolean> registered = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REGISTERED_MEMO;
            }
        };
        long read;
        long created;
        long updated;
        long replayed;
        long failed;
        long errorsOmitted;
        Long stoppedAt;
        /** The line being read. */
        long number;

        Run(Actor actor, ImportFormat format, Consumer<ImportSummary> progress) {
            this.actor = actor;
            this.format = format;
            this.progress = progress;
        }

        /** Counts one more record read, or stops the import at the line limit. */
        boolean admit() {
            if (read >= maxLines) {
                fail(number, "the import stops after " + maxLines + " records; import the rest as a file of its own");
                stoppedAt = number;
                return false;
            }
            read++;
            return true;
        }

        /** A parsed value of the current line: its records translated and queued, a batch written when full. */
        void accept(JsonNode node) {
            for (var record : records(node)) {
                if (!admit()) {
                    return;
                }
                if (!(record instanceof ObjectNode object)) {
                    fail(number, "expected a JSON object, got " + record.getNodeType().name().toLowerCase());
                    continue;
                }
                try {
                    Json.requireWholeCharacters(object); // text is stored exactly or refused, as at every door
                    var translated = read(object, format);
                    pendingLines.add(number);
                    pending.add(translated);
                } catch (Refusal | LineRefused refused) {
                    fail(number, refused.getMessage());
                }
                if (pending.size() == BATCH_LINES) {
                    flush();
                    progress.accept(summary());
                }
            }
        }

        void fail(long line, String message) {
            failed++;
            if (errors.size() < MAX_ERRORS) {
                errors.add(new LineError(line, message));
            } else {
                errorsOmitted++;
            }
        }

        /** Registers the batch's threads and messages, then writes its feedback in one call. */
        void flush() {
            var lines = new ArrayList<Long>();
            var drafts = new ArrayList<FeedbackDraft>();
            for (int i = 0; i < pending.size(); i++) {
                try {
                    feedback.check(actor, pending.get(i).feedback()); // a refused line registers nothing either
                    register(pending.get(i));
                    lines.add(pendingLines.get(i));
                    drafts.add(pending.get(i).feedback());
                } catch (Refusal refused) {
                    fail(pendingLines.get(i), refused.getMessage());
                }
            }
            pending.clear();
            pendingLines.clear();
            if (drafts.isEmpty()) {
                return;
            }
            var results = feedback.upsertAll(actor, drafts);
            for (int i = 0; i < results.size(); i++) {
                var result = results.get(i);
                if (result.refusal() != null) {
                    fail(lines.get(i), result.refusal().getMessage());
                    continue;
                }
                switch (result.outcome()) {
                    case WriteOutcome.Created c -> created++;
                    case WriteOutcome.Updated u -> updated++;
                    case WriteOutcome.Replayed r -> replayed++;
                }
            }
        }

        private void register(ImportRecord record) {
            var tenant = actor.tenantId();
            var t = record.thread();
            if (t != null && !registered.containsKey("t\u0000" + t.id())) {
                registry.putThread(tenant, t.id(), t.agentId(), t.title(), t.metadata());
                registered.put("t\u0000" + t.id(), Boolean.TRUE);
            }
            var m = record.message();
            if (m != null && !registered.containsKey("m\u0000" + m.id())) {
                registry.putMessage(tenant, m.id(), m.threadId(), m.role(), m.prompt(), m.content(), m.model(), m.metadata());
                registered.put("m\u0000" + m.id(), Boolean.TRUE);
            }
        }

        ImportSummary summary() {
            return new ImportSummary(read, created, updated, replayed, failed, List.copyOf(errors), errorsOmitted, stoppedAt);
        }
    }
}
