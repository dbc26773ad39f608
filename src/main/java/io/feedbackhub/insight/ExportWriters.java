package io.feedbackhub.insight;

import io.feedbackhub.core.FreeText;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The row writers of the export formats: each writes rows as they come and buffers nothing beyond its stream buffer. */
final class ExportWriters {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private ExportWriters() {
    }

    /** Renders the rows of one page; a new one per page, so that pages can be rendered side by side. */
    interface RowWriter {
        /** Writes the row if this format takes it; returns whether it did. */
        boolean write(ExportRow row) throws IOException;

        void flush() throws IOException;

        /** Writes out everything buffered; the writer is done. */
        void finish() throws IOException;
    }

    /** JSON lines: one object per row, each line ended by a newline. */
    private abstract static class JsonLines implements RowWriter {
        final JsonGenerator json;

        JsonLines(OutputStream out) {
            try {
                json = JSON.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        @Override
        public boolean write(ExportRow row) throws IOException {
            if (!takes(row)) {
                return false;
            }
            json.writeStartObject();
            fields(row);
            json.writeEndObject();
            json.writeRaw('\n');
            return true;
        }

        boolean takes(ExportRow row) {
            return true;
        }

        abstract void fields(ExportRow row) throws IOException;

        @Override
        public void flush() throws IOException {
            json.flush();
        }

        @Override
        public void finish() throws IOException {
            json.close();
        }

        void string(String field, String value) throws IOException {
            json.writeStringField(field, value);
        }

        void raw(String field, String jsonText) throws IOException {
            json.writeFieldName(field);
            if (jsonText == null) {
                json.writeNull();
            } else {
                json.writeRawValue(jsonText);
            }
        }

        void number(String field, Double value) throws IOException {
            if (value == null) {
                json.writeNullField(field);
            } else {
                json.writeNumberField(field, value);
            }
        }

        void time(String field, long millis) throws IOException {
            json.writeStringField(field, iso(millis));
        }

        /** What preference pairs and eval cases carry besides their texts: enough to trace a row back and slice a set. */
        void caseMetadata(ExportRow r) throws IOException {
            json.writeObjectFieldStart("metadata");
            string("feedback_id", r.id());
            string("agent_id", r.agentId());
            string("thread_id", r.threadId());
            string("message_id", r.messageId());
            string("model", r.message() == null ? null : r.message().model());
            string("name", r.name());
            string("label", r.label());
            number("score", r.score());
            string("polarity", polarity(r));
            string("comment", r.comment());
            raw("reasons", r.reasonsJson());
            string("author_id", r.authorId());
            time("created_at", r.createdAt());
            raw("feedback_metadata", r.metadataJson());
            raw("message_metadata", r.message() == null ? null : r.message().metadataJson());
            if (r.resolved() != null) {
                string("resolved_label", r.resolved().label());
                string("resolved_by", r.resolved().by());
            }
            json.writeEndObject();
        }
    }

    /** The native feedback shape (as GET /v1/feedback/{id} answers) plus the registered message and thread. */
    static final class Jsonl extends JsonLines {
        Jsonl(OutputStream out) {
            super(out);
        }

        @Override
        void fields(ExportRow r) throws IOException {
            string("id", r.id());
            string("agent_id", r.agentId());
            string("thread_id", r.threadId());
            string("message_id", r.messageId());
            string("turn_id", r.turnId());
            string("trace_id", r.traceId());
            string("content_id", r.contentId());
            string("name", r.name());
            string("label", r.label());
            number("score", r.score());
            string("comment", r.comment());
            raw("reasons", r.reasonsJson());
            string("correction", r.correction());
            raw("data", r.dataJson());
            string("query_category", r.queryCategory());
            string("source_surface", r.sourceSurface());
            string("author_id", r.authorId());
            string("source", r.source());
            string("client_feedback_id", r.clientFeedbackId());
            raw("metadata", r.metadataJson());
            time("created_at", r.createdAt());
            time("updated_at", r.updatedAt());
            json.writeNumberField("revision", r.revision());
            json.writeBooleanField("deleted", false);
            string("polarity", polarity(r));
            if (r.resolved() != null) {
                json.writeObjectFieldStart("resolved");
                string("label", r.resolved().label());
                string("by", r.resolved().by());
                time("at", r.resolved().at());
                string("review_queue_id", r.resolved().queueId());
                json.writeEndObject();
            }
            var m = r.message();
            if (m == null) {
                json.writeNullField("message");
            } else {
                json.writeObjectFieldStart("message");
                string("id", m.id());
                string("thread_id", m.threadId());
                string("role", m.role());
                string("prompt", m.prompt());
                string("content", m.content());
                string("model", m.model());
                raw("metadata", m.metadataJson());
                time("created_at", m.createdAt());
                time("updated_at", m.updatedAt());
                json.writeEndObject();
            }
            var t = r.thread();
            if (t == null) {
                json.writeNullField("thread");
            } else {
                json.writeObjectFieldStart("thread");
                string("id", t.id());
                string("agent_id", t.agentId());
                string("title", t.title());
                raw("metadata", t.metadataJson());
                time("created_at", t.createdAt());
                time("updated_at", t.updatedAt());
                json.writeEndObject();
            }
        }
    }

    /**
     * The rows of one prompt at a time (they come grouped: {@link ExportReader#byPrompt}), written when the prompt
     * changes; the group is all this holds.
     */
    abstract static class PromptGroupLines extends JsonLines implements ExportReader.PromptRows {
        /** Enough for any chat model's context; a longer thread keeps its latest turns. */
        static final int MAX_CONTEXT_TURNS = 50;
        private final List<ExportRow> group = new ArrayList<>();
        private Scales scales = Scales.NONE;
        /** labels=resolved: rows carry their adjudicated labels. */
        final boolean resolved;
        private FreeText freeText = FreeText.SHOWN;
        long lines;

        PromptGroupLines(OutputStream out, ExportLabels labels) {
            super(out);
            this.resolved = labels == ExportLabels.RESOLVED;
        }

        /** Whether a row's polarity follows its adjudicated label (preference pairs) rather than its own. */
        boolean judgedByResolution() {
            return false;
        }

        /** Rows are judged (their polarity) by the tenant's configs: the store reads them without. */
        PromptGroupLines judgingBy(Scales tenantScales) {
            this.scales = tenantScales;
            return this;
        }

        /** Rows are written as their reader may see them (no comment nor correction when free text is withheld). */
        PromptGroupLines shownAs(FreeText reader) {
            this.freeText = reader;
            return this;
        }

        @Override
        void fields(ExportRow row) {
            throw new UnsupportedOperationException("written by prompt group");
        }

        @Override
        public void row(ExportRow row, ExportReader.EarlierTurns turns) throws IOException {
            if (!group.isEmpty() && !group.getFirst().prompt().equals(row.prompt())) {
                end(turns);
            }
            group.add(row.judgedBy(scales, resolved && judgedByResolution()).shownAs(freeText));
        }

        @Override
        public void end(ExportReader.EarlierTurns turns) throws IOException {
            if (!group.isEmpty()) {
                group(List.copyOf(group), turns);
                group.clear();
            }
        }

        abstract void group(List<ExportRow> rows, ExportReader.EarlierTurns turns) throws IOException;

        void startLine() throws IOException {
            json.writeStartObject();
        }

        void endLine() throws IOException {
            json.writeEndObject();
            json.writeRaw('\n');
            lines++;
        }

        void turns(String field, List<ExportReader.Turn> turns) throws IOException {
            json.writeArrayFieldStart(field);
            for (var t : turns) {
                json.writeStartObject();
                string("role", t.role());
                string("content", t.content());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    /**
     * Preference pairs {prompt, context, chosen, rejected, pairing, metadata} for DPO and the like, two ways:
     * <ul>
     * <li>{@code "correction"}: a correction of a registered answer judged bad is chosen over that answer;</li>
     * <li>{@code "same_prompt_votes"}: of the answers given to one prompt after the same earlier turns, the one with the
     * best vote margin among those more up- than down-voted is chosen over each answer more down- than up-voted.</li>
     * </ul>
     * A pair whose chosen equals its rejected (after trimming and collapsing white space) is left out, and a pair is
     * written once however many feedback form it ({@code metadata.feedback_ids} of a correction pair lists them).
     * {@code context} holds the registered turns of the thread before the rejected answer, oldest first.
     */
    static final class Preference extends PromptGroupLines {
        Preference(OutputStream out, ExportLabels labels) {
            super(out, labels);
        }

        /** With labels=resolved an adjudicated answer is good or bad as the adjudicator decided, whatever each review said. */
        @Override
        boolean judgedByResolution() {
            return true;
        }

        /** The answers of one prompt in one conversation context, each with its votes. */
        private record Answer(String text, ExportRow first, int positive, int negative) {
            int margin() {
                return positive - negative;
            }
        }

        @Override
        void group(List<ExportRow> rows, ExportReader.EarlierTurns lookup) throws IOException {
            var written = new HashSet<List<String>>();
            var contexts = new HashMap<String, List<ExportReader.Turn>>();
            // corrections, in feedback order within each message
            var byPair = new LinkedHashMap<List<String>, List<ExportRow>>();
            for (var r : rows) {
                if (r.correction() != null && r.answer() != null && judgedBad(r) && !sameText(r.correction(), r.answer())) {
                    var context = contexts.computeIfAbsent(r.messageId(), id -> lookup.before(r.message(), MAX_CONTEXT_TURNS));
                    byPair.computeIfAbsent(List.of(context.toString(), normal(r.correction()), normal(r.answer())),
                            k -> new ArrayList<>()).add(r);
                }
            }
            for (var entry : byPair.entrySet()) {
                written.add(entry.getKey());
                correctionPair(entry.getValue(), contexts.get(entry.getValue().getFirst().messageId()));
            }
            // votes: answers bucketed by their context, then by their text
            var answers = new LinkedHashMap<List<ExportReader.Turn>, LinkedHashMap<String, Answer>>();
            for (var r : rows) {
                if (r.answer() == null) {
                    continue;
                }
                int up = r.polarity() == Polarity.POSITIVE ? 1 : 0;
                int down = r.polarity() == Polarity.NEGATIVE ? 1 : 0;
                var context = contexts.computeIfAbsent(r.messageId(), id -> lookup.before(r.message(), MAX_CONTEXT_TURNS));
                answers.computeIfAbsent(context, c -> new LinkedHashMap<>()).merge(normal(r.answer()), new Answer(r.answer(), r, up, down),
                        (a, b) -> new Answer(a.text(), a.first(), a.positive() + b.positive(), a.negative() + b.negative()));
            }
            for (var entry : answers.entrySet()) {
                Answer best = null;
                for (var a : entry.getValue().values()) {
                    if (a.margin() > 0 && (best == null || a.margin() > best.margin())) {
                        best = a;
                    }
                }
                if (best == null) {
                    continue;
                }
                for (var worse : entry.getValue().values()) {
                    var key = List.of(entry.getKey().toString(), normal(best.text()), normal(worse.text()));
                    if (worse.margin() < 0 && written.add(key)) {
                        votePair(best, worse, entry.getKey());
                    }
                }
            }
        }

        private void correctionPair(List<ExportRow> rows, List<ExportReader.Turn> context) throws IOException {
            var r = rows.getFirst();
            startLine();
            string("prompt", r.prompt());
            turns("context", context);
            string("chosen", r.correction());
            string("rejected", r.answer());
            string("pairing", "correction");
            caseMetadata(r);
            endLine();
        }

        private void votePair(Answer chosen, Answer rejected, List<ExportReader.Turn> context) throws IOException {
            startLine();
            string("prompt", chosen.first().prompt());
            turns("context", context);
            string("chosen", chosen.text());
            string("rejected", rejected.text());
            string("pairing", "same_prompt_votes");
            json.writeObjectFieldStart("metadata");
            votes("chosen", chosen);
            votes("rejected", rejected);
            json.writeEndObject();
            endLine();
        }

        private void votes(String side, Answer a) throws IOException {
            var m = a.first().message();
            json.writeObjectFieldStart(side);
            string("message_id", m.id());
            string("thread_id", m.threadId());
            string("agent_id", a.first().agentId());
            string("model", m.model());
            json.writeNumberField("positive", a.positive());
            json.writeNumberField("negative", a.negative());
            raw("message_metadata", m.metadataJson());
            json.writeEndObject();
        }
    }

    /**
     * Negative by its name's config (Scales: a negative label, or a score in the lower half of the name's range); a score
     * of a name without a range, whose scale is unknown, keeps the fixed threshold of 0.5 it always had here.
     */
    static boolean judgedBad(ExportRow r) {
        if (r.polarity() != null) {
            return r.polarity() == Polarity.NEGATIVE;
        }
        return r.score() != null && r.score() < ExportFormat.NEGATIVE_SCORE_BELOW;
    }

    static String polarity(ExportRow r) {
        return r.polarity() == null ? null : r.polarity().wire();
    }

    /** Trimmed, white space runs as one space: "Five days." and " Five  days. " are the same text to a tuner. */
    static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    static boolean sameText(String a, String b) {
        return normal(a).equals(normal(b));
    }

    /**
     * One evaluation case per distinct prompt: {input, expected_output (the latest correction, or null), corrections
     * (every distinct one, oldest first), votes (per feedback name, each label's count: names are never mixed),
     * majority_label (per name, the label with strictly the most votes; a tie has none), metadata}.
     */
    static final class Eval extends PromptGroupLines {
        /** The message ids a case lists; the counts cover all. */
        static final int MAX_LISTED_MESSAGES = 100;

        Eval(OutputStream out, ExportLabels labels) {
            super(out, labels);
        }

        @Override
        void group(List<ExportRow> rows, ExportReader.EarlierTurns turns) throws IOException {
            var votes = new TreeMap<String, TreeMap<String, Integer>>();
            var corrections = new LinkedHashMap<String, String>();
            ExportRow latestCorrection = null;
            var messages = new LinkedHashSet<String>();
            var agents = new TreeSet<String>();
            var decisions = new TreeMap<String, ExportRow.Resolved>();
            for (var r : rows) {
                if (r.resolved() != null) {
                    decisions.merge(r.name(), r.resolved(), (a, b) -> b.at() > a.at() ? b : a);
                }
                if (r.label() != null) {
                    votes.computeIfAbsent(r.name(), n -> new TreeMap<>()).merge(r.label(), 1, Integer::sum);
                }
                if (r.correction() != null) {
                    corrections.putIfAbsent(normal(r.correction()), r.correction());
                    if (latestCorrection == null || r.createdAt() > latestCorrection.createdAt()
                            || (r.createdAt() == latestCorrection.createdAt() && r.id().compareTo(latestCorrection.id()) > 0)) {
                        latestCorrection = r;
                    }
                }
                messages.add(r.messageId());
                if (r.agentId() != null) {
                    agents.add(r.agentId());
                }
            }
            startLine();
            string("input", rows.getFirst().prompt());
            string("expected_output", latestCorrection == null ? null : latestCorrection.correction());
            json.writeArrayFieldStart("corrections");
            for (var c : corrections.values()) {
                json.writeString(c);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("votes");
            for (var name : votes.entrySet()) {
                json.writeObjectFieldStart(name.getKey());
                for (var label : name.getValue().entrySet()) {
                    json.writeNumberField(label.getKey(), label.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("majority_label");
            for (var name : votes.entrySet()) {
                string(name.getKey(), majority(name.getValue()));
            }
            json.writeEndObject();
            if (resolved) {
                // per name, the latest adjudicated label among the prompt's answers; names nobody decided are absent
                json.writeObjectFieldStart("resolved_label");
                for (var d : decisions.entrySet()) {
                    string(d.getKey(), d.getValue().label());
                }
                json.writeEndObject();
            }
            json.writeObjectFieldStart("metadata");
            json.writeNumberField("feedback", rows.size());
            json.writeNumberField("messages", messages.size());
            json.writeArrayFieldStart("message_ids");
            for (var id : messages.stream().limit(MAX_LISTED_MESSAGES).toList()) {
                json.writeString(id);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("agent_ids");
            for (var a : agents) {
                json.writeString(a);
            }
            json.writeEndArray();
            json.writeEndObject();
            endLine();
        }

        private static String majority(Map<String, Integer> counts) {
            String best = null;
            int most = 0;
            boolean tie = false;
            for (var e : counts.entrySet()) {
                if (e.getValue() > most) {
                    best = e.getKey();
                    most = e.getValue();
                    tie = false;
                } else if (e.getValue() == most) {
                    tie = true;
                }
            }
            return tie ? null : best;
        }
    }

    /** RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF. */
    static final class Csv implements RowWriter {
        static final String[] HEADER = {"id", "agent_id", "thread_id", "message_id", "turn_id", "trace_id", "content_id",
                "name", "label", "score", "comment", "reasons", "correction", "data", "query_category", "source_surface",
                "author_id", "source", "client_feedback_id", "metadata", "created_at", "updated_at", "revision",
                "prompt", "answer", "model", "message_metadata", "thread_title", "thread_metadata", "polarity"};
        /** After {@link #HEADER} with labels=resolved: the adjudicated label of the row's answer and name, if any. */
        static final String[] RESOLVED_HEADER = {"resolved_label", "resolved_by", "resolved_at", "resolved_review_queue_id"};

        private final Writer out;
        private final boolean resolved;

        Csv(OutputStream stream, ExportLabels labels) {
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_BYTES);
            resolved = labels == ExportLabels.RESOLVED;
        }

        /** The header row, written once before the first page. */
        static byte[] header(ExportLabels labels) {
            var bytes = new java.io.ByteArrayOutputStream();
            var csv = new Csv(bytes, labels);
            try {
                int i = 0;
                for (var name : HEADER) {
                    csv.field(i++, name);
                }
                if (csv.resolved) {
                    for (var name : RESOLVED_HEADER) {
                        csv.field(i++, name);
                    }
                }
                csv.out.write("\r\n");
                csv.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public boolean write(ExportRow r) throws IOException {
            var m = r.message();
            var t = r.thread();
            int i = 0;
            field(i++, r.id());
            field(i++, r.agentId());
            field(i++, r.threadId());
            field(i++, r.messageId());
            field(i++, r.turnId());
            field(i++, r.traceId());
            field(i++, r.contentId());
            field(i++, r.name());
            field(i++, r.label());
            field(i++, r.score() == null ? null : r.score().toString());
            field(i++, r.comment());
            field(i++, r.reasonsJson());
            field(i++, r.correction());
            field(i++, r.dataJson());
            field(i++, r.queryCategory());
            field(i++, r.sourceSurface());
            field(i++, r.authorId());
            field(i++, r.source());
            field(i++, r.clientFeedbackId());
            field(i++, r.metadataJson());
            field(i++, iso(r.createdAt()));
            field(i++, iso(r.updatedAt()));
            field(i++, Integer.toString(r.revision()));
            field(i++, m == null ? null : m.prompt());
            field(i++, m == null ? null : m.content());
            field(i++, m == null ? null : m.model());
            field(i++, m == null ? null : m.metadataJson());
            field(i++, t == null ? null : t.title());
            field(i++, t == null ? null : t.metadataJson());
            field(i++, polarity(r));
            if (resolved) {
                var d = r.resolved();
                field(i++, d == null ? null : d.label());
                field(i++, d == null ? null : d.by());
                field(i++, d == null ? null : iso(d.at()));
                field(i, d == null ? null : d.queueId());
            }
            out.write("\r\n");
            return true;
        }

        /** Null and empty text both become an empty field; CSV has no null. */
        private void field(int index, String value) throws IOException {
            if (index > 0) {
                out.write(',');
            }
            if (value == null || value.isEmpty()) {
                return;
            }
            if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                out.write(value);
                return;
            }
            // quoted, each quote doubled; written in runs between the quotes, not a character at a time
            out.write('"');
            int from = 0;
            for (int quote = value.indexOf('"'); quote >= 0; quote = value.indexOf('"', from)) {
                out.write(value, from, quote + 1 - from);
                out.write('"');
                from = quote + 1;
            }
            out.write(value, from, value.length() - from);
            out.write('"');
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }

    /**
     * {@code Instant.ofEpochMilli(millis).toString()} ({@code 2026-11-23T14:00:05Z}, {@code .SSS} before the Z when
     * the millisecond is not 0), written without the JDK's formatter, which took a fifth of a JSONL export's rendering.
     */
    static String iso(long millis) {
        var date = LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return Instant.ofEpochMilli(millis).toString(); // a sign or a fifth year digit
        }
        int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        int milli = ofDay % 1000;
        int second = ofDay / 1000;
        var text = new byte[milli == 0 ? 20 : 24];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, second / 3600, 2);
        text[13] = ':';
        digits(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, second % 60, 2);
        if (milli != 0) {
            text[19] = '.';
            digits(text, 20, milli, 3);
        }
        text[text.length - 1] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
