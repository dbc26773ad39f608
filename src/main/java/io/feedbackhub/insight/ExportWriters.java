package io.feedbackhub.insight;

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

/** The row writers of the export formats: each writes rows as they come and buffers nothing beyond its stream buffer. */
final class ExportWriters {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int BUFFER_BYTES = 64 * 1024;

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

    /** A correction on an answer judged bad, with the answer registered: the pair a preference tuner learns from. */
    static final class Preference extends JsonLines {
        Preference(OutputStream out) {
            super(out);
        }

        @Override
        boolean takes(ExportRow r) {
            return r.correction() != null && r.answer() != null && judgedBad(r);
        }

        @Override
        void fields(ExportRow r) throws IOException {
            string("prompt", r.prompt());
            string("chosen", r.correction());
            string("rejected", r.answer());
            caseMetadata(r);
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

    /** A correction as the expected output for the prompt that produced the corrected answer. */
    static final class Eval extends JsonLines {
        Eval(OutputStream out) {
            super(out);
        }

        @Override
        boolean takes(ExportRow r) {
            return r.correction() != null;
        }

        @Override
        void fields(ExportRow r) throws IOException {
            string("input", r.prompt());
            string("expected_output", r.correction());
            caseMetadata(r);
        }
    }

    /** RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF. */
    static final class Csv implements RowWriter {
        static final String[] HEADER = {"id", "agent_id", "thread_id", "message_id", "turn_id", "trace_id", "content_id",
                "name", "label", "score", "comment", "reasons", "correction", "data", "query_category", "source_surface",
                "author_id", "source", "client_feedback_id", "metadata", "created_at", "updated_at", "revision",
                "prompt", "answer", "model", "message_metadata", "thread_title", "thread_metadata", "polarity"};

        private final Writer out;

        Csv(OutputStream stream) {
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_BYTES);
        }

        /** The header row, written once before the first page. */
        static byte[] header() {
            var bytes = new java.io.ByteArrayOutputStream();
            var csv = new Csv(bytes);
            try {
                for (int i = 0; i < HEADER.length; i++) {
                    csv.field(i, HEADER[i]);
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
            field(i, polarity(r));
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
            out.write('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    out.write('"');
                }
                out.write(c);
            }
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

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
