package io.feedbackhub.api;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RequestText;
import io.feedbackhub.imports.ImportSummary;
import io.feedbackhub.imports.Importer;
import io.javalin.http.Context;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import java.util.Set;

/**
 * POST /v1/import: a file of exported feedback (JSON lines) streamed in the body, read as it arrives; answered with
 * the import's summary once the body is read and written. A body of which no line could be imported is a 422 like
 * any bad body, listing each line's reason (the first {@link Importer#MAX_ERRORS}). The body is not held, so the body size limit of other
 * routes does not apply; {@link Importer#MAX_LINES} bounds it instead.
 */
final class ImportRoutes {
    static final String PATH = "/v1/import";
    /** Routes whose body is streamed to the handler: the before-handlers must not read it whole. */
    static final Set<String> STREAMED = Set.of(PATH);

    private final Importer importer;
    private final WriteGate gate;

    ImportRoutes(Importer importer, WriteGate gate) {
        this.importer = importer;
        this.gate = gate;
    }

    /** The body stopped arriving (a stalled or vanished client): the batches read before it stay written. */
    private static HttpFailure stopped(IOException e) {
        return new HttpFailure(408, "Request timeout", "the import's body stopped arriving (" + e.getClass().getSimpleName()
                + "); the batches read before it are written, and importing the same file again completes it");
    }

    void declare(RouteTable routes) {
        routes.post(PATH, Access.EDITOR, this::importLines);
    }

    private void importLines(Context ctx) throws IOException {
        var principal = Credentials.caller(ctx);
        var formatText = ctx.queryParam("format");
        var format = formatText == null ? null : importer.format(formatText).orElseThrow(() -> new InvalidInput(
                new FieldError("format", "must be one of " + importer.formatNames() + " (or absent: detected per line), got \""
                        + formatText + "\"", "enum")));
        var codings = ctx.req().getHeader("Content-Encoding");
        ImportSummary summary;
        try (var body = RequestText.streamedBody(ctx)) {
            summary = importer.run(gate.admit(principal), body, RequestText.streamedCharset(ctx), format, progress -> {
            });
        } catch (ZipException | EOFException e) {
            if (codings == null) {
                throw stopped(e);
            }
            // the compressed body broke off or is corrupt where it was read; batches before it are written (docs)
            throw RequestText.corrupt(codings.strip(), e);
        } catch (IOException e) {
            throw stopped(e);
        }
        if (summary.read() == 0 && summary.failed() == 0) {
            throw new InvalidInput(new FieldError("body", "holds no JSON lines to import", "missing"));
        }
        if (summary.created() + summary.updated() + summary.replayed() == 0) {
            // nothing of the file was taken: a refusal like any other bad body, each line's reason in its place
            throw new InvalidInput(summary.errors().stream()
                    .map(e -> new FieldError("line " + e.line(), e.message(), "invalid_line")).toList());
        }
        ctx.json(summary.json());
    }
}
