package io.feedbackhub.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.json.Json;

import java.util.List;

/**
 * What an import did: records read (a line; or an item of a JSON array file or of a Langfuse page line; blank lines
 * not counted), feedback created, slots updated, lines replayed (their
 * key was imported before: nothing added), lines refused; the first {@link Importer#MAX_ERRORS} refusals by line
 * number, and how many more there were. {@code stoppedAt} names the line the import stopped before, when it hit
 * the line limit or unreadable bytes; null when it read to the end.
 */
public record ImportSummary(long read, long created, long updated, long replayed, long failed, List<LineError> errors,
                            long errorsOmitted, Long stoppedAt) {

    /** The answer of POST /v1/import and the command line's output. */
    public ObjectNode json() {
        var s = this;
        var o = Json.object()
                .put("read", s.read()).put("created", s.created()).put("updated", s.updated())
                .put("replayed", s.replayed()).put("failed", s.failed());
        var errors = o.putArray("errors");
        s.errors().forEach(e -> errors.addObject().put("line", e.line()).put("message", e.message()));
        o.put("errors_omitted", s.errorsOmitted());
        if (s.stoppedAt() == null) {
            o.putNull("stopped_at_line");
        } else {
            o.put("stopped_at_line", s.stoppedAt());
        }
        return o;
    }

    public record LineError(long line, String message) {
    }
}
