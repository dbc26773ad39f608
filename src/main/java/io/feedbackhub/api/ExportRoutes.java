package io.feedbackhub.api;

import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.insight.ExportFormat;
import io.feedbackhub.insight.ExportLabels;
import io.feedbackhub.insight.ExportService;
import io.javalin.http.Context;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;

/** GET /v1/export: the feedback matching the listing's filters, streamed as JSONL, CSV, preference pairs or eval cases. */
final class ExportRoutes {
    private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);

    private final ExportService exports;
    private final Clock clock;
    private final FeedbackReads reads;

    ExportRoutes(ExportService exports, Clock clock, FeedbackReads reads) {
        this.exports = exports;
        this.clock = clock;
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/export", Access.VIEWER, this::export);
    }

    private void export(Context ctx) throws IOException {
        var caller = Credentials.caller(ctx);
        var tenant = caller.tenantId();
        var errors = new ArrayList<FieldError>();
        var formatText = ctx.queryParam("format");
        var format = formatText == null ? ExportFormat.JSONL : ExportFormat.parse(formatText).orElse(null);
        if (format == null) {
            errors.add(new FieldError("format", "must be one of " + ExportFormat.ALLOWED + ", got \"" + formatText + "\"", "enum"));
        }
        var labelsText = ctx.queryParam("labels");
        var labels = ExportLabels.parse(labelsText).orElse(null);
        if (labels == null) {
            errors.add(new FieldError("labels", "must be individual or resolved, got \"" + labelsText + "\"", "enum"));
        }
        FeedbackQuery filters = null;
        try {
            filters = QueryParams.exportQuery(ctx);
        } catch (InvalidInput invalid) {
            errors.addAll(invalid.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        reads.admitUnfiltered(caller, "an export");

        ctx.status(200).contentType(format.contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + format.fileName(clock.instant()) + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        try {
            exports.export(tenant, filters, format, labels, reads.freeText(caller), ctx.outputStream());
        } catch (IOException clientGone) {
            log.info("export stopped: the client went away ({})", clientGone.getMessage());
        } catch (RuntimeException failure) {
            if (!ctx.res().isCommitted()) {
                ctx.res().reset(); // nothing sent yet: answer the failure properly (503 for an unavailable store)
                throw failure;
            }
            // Part of the export is on the wire with a 200: cut the connection so that the client sees an
            // incomplete transfer instead of a file that looks whole.
            log.error("export failed after the response started; aborting the connection", failure);
            Request.getBaseRequest(ctx.req()).getHttpChannel().abort(failure);
        }
    }
}
