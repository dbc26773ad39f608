package io.feedbackhub.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.api.Json;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.Refusal;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.imports.ImportSummary.LineError;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    /** A feedback line holds at most a 200 000-character prompt and answer plus its fields. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    public static final int MAX_ERRORS = 100;
    /** Threads and messages already registered by this import: a history names the same few again and again. */
    private static final int REGISTERED_MEMO = 10_000;

    private final FeedbackService feedback;
    private final RegistryService registry;
    private final List<ImportFormat> formats;
    private final long maxLines;

    public Importer(FeedbackService feedback, RegistryService registry, List<ImportFormat> formats) {
        this(feedback, registry, formats, MAX_LINES);
    }

    Importer(FeedbackService feedback, RegistryService registry, List<ImportFormat> formats, long maxLines) {
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
     * Imports every line of {@code in} (UTF-8) as {@code actor}; {@code format} null detects each line's format.
     * {@code progress} hears the running totals after every batch.
     */
    public ImportSummary run(Actor actor, InputStream in, ImportFormat format, Consumer<ImportSummary> progress)
            throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var lines = new BoundedLines(new InputStreamReader(in, decoder), MAX_LINE_CHARS);
        var run = new Run(actor);
        long number = 0;
        while (true) {
            BoundedLines.Line line;
            try {
                line = lines.next();
            } catch (CharacterCodingException e) {
                run.fail(number + 1, "the bytes are not UTF-8; the import stops here");
                run.stoppedAt = number + 1;
                break;
            }
            if (line == null) {
                break;
            }
            number++;
            if (line.text().isBlank()) {
                continue;
            }
            if (run.read >= maxLines) {
                run.fail(number, "the import stops after " + maxLines + " lines; import the rest as a file of its own");
                run.stoppedAt = number;
                break;
            }
            run.read++;
            if (line.tooLong()) {
                run.fail(number, "the line is longer than " + MAX_LINE_CHARS + " characters");
                continue;
            }
            try {
                run.add(number, read(line.text(), format));
            } catch (Refusal | LineRefused refused) {
                run.fail(number, refused.getMessage());
            }
            if (run.pending.size() == BATCH_LINES) {
                run.flush();
                progress.accept(run.summary());
            }
        }
        run.flush();
        var summary = run.summary();
        progress.accept(summary);
        return summary;
    }

    private ImportRecord read(String text, ImportFormat forced) {
        ObjectNode object;
        try {
            var node = Json.MAPPER.readTree(text);
            if (!(node instanceof ObjectNode o)) {
                throw new LineRefused("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
            }
            object = o;
        } catch (JsonProcessingException e) {
            throw new LineRefused("not JSON: " + e.getOriginalMessage());
        }
        var format = forced != null ? forced : formats.stream().filter(f -> f.recognizes(object)).findFirst()
                .orElseThrow(() -> new LineRefused("the line is none of the formats " + formatNames()
                        + "; name one with format="));
        try {
            return format.read(object);
        } catch (IllegalArgumentException e) {
            throw new LineRefused(e.getMessage());
        }
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

        Run(Actor actor) {
            this.actor = actor;
        }

        void add(long line, ImportRecord record) {
            pendingLines.add(line);
            pending.add(record);
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
