package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.Refusal;
import io.feedbackhub.core.WriteOutcome;
import io.feedbackhub.http.Credentials.Source;
import io.feedbackhub.insight.ScalesReader;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/** /v1/feedback: create (upsert), batch, get, patch, delete, list, history; and the author purge. */
final class FeedbackRoutes {
    static final Source[] KEY_HEADERS = {Source.AUTHORIZATION, Source.X_API_KEY};

    private final FeedbackService feedback;
    private final WriteGate gate;
    private final ScalesReader scales;
    private final FeedbackReads reads;

    FeedbackRoutes(FeedbackService feedback, WriteGate gate, ScalesReader scales, FeedbackReads reads) {
        this.feedback = feedback;
        this.gate = gate;
        this.scales = scales;
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/feedback", Access.ANY_CALLER, this::create)
                .post("/v1/feedback/batch", Access.ANY_CALLER, this::createBatch)
                .get("/v1/feedback", Access.SECRET_OR_END_USER, this::list)
                .get("/v1/feedback/{id}", Access.VIEWER, this::get)
                .patch("/v1/feedback/{id}", Access.ANY_CALLER, this::patch)
                .delete("/v1/feedback/{id}", Access.ANY_CALLER, this::delete)
                .get("/v1/feedback/{id}/history", Access.VIEWER, this::history)
                .post("/v1/authors/{author_id}/purge", Access.EDITOR, this::purgeAuthor);
    }

    private void create(Context ctx) {
        var request = FeedbackRequest.read(ctx, gate);
        var outcome = feedback.upsert(request.actor(), request.draft());
        int status = switch (outcome) {
            case WriteOutcome.Created c -> 201;
            case WriteOutcome.Updated u -> 200;
            case WriteOutcome.Replayed r -> 200;
        };
        ctx.status(status).json(FeedbackJson.write(outcome.feedback(), scales.of(outcome.feedback().tenantId())));
    }

    /**
     * Per-item results: one bad item is reported in its place and the others are still written. The per end user
     * limit is the exception: it is checked for all items' authors before anything is written, and one author over
     * it refuses the whole batch (429, nothing written), because a batch cut where the limit ran out would leave the
     * client to work out which items to send again.
     */
    private void createBatch(Context ctx) {
        var principal = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(java.util.Set.of("items"));
        var items = in.raw("items");
        if (items == null || !items.isArray()) {
            throw new InvalidInput(new FieldError("items", "must be an array of feedback objects", items == null ? "missing" : "list_type"));
        }
        in.throwIfInvalid();
        if (items.size() > FeedbackService.MAX_BATCH) {
            throw new InvalidInput(FieldError.of("items", "must have at most " + FeedbackService.MAX_BATCH + " items, got " + items.size()));
        }
        var drafts = new ArrayList<FeedbackDraft>();
        var parseErrors = new ArrayList<InvalidInput>();
        for (var item : items) {
            try {
                drafts.add(FeedbackJson.readDraft(item));
                parseErrors.add(null);
            } catch (InvalidInput e) {
                drafts.add(null);
                parseErrors.add(e);
            }
        }
        var valid = drafts.stream().filter(java.util.Objects::nonNull).toList();
        var actor = gate.admitAll(principal, valid.size());
        var written = feedback.upsertAll(actor, valid).iterator();
        ArrayNode results = Json.array();
        var tenantScales = scales.of(principal.tenantId());
        for (int i = 0; i < drafts.size(); i++) {
            var result = results.addObject().put("index", i);
            if (parseErrors.get(i) != null) {
                itemFailure(result, parseErrors.get(i));
                continue;
            }
            var r = written.next();
            if (r.refusal() != null) {
                itemFailure(result, r.refusal());
            } else {
                result.put("status", r.outcome() instanceof WriteOutcome.Created ? 201 : 200);
                result.set("feedback", FeedbackJson.write(r.outcome().feedback(), tenantScales));
            }
        }
        var body = Json.object();
        body.set("results", results);
        ctx.json(body);
    }

    private static void itemFailure(ObjectNode result, Refusal refusal) {
        int status = switch (refusal) {
            case InvalidInput i -> 422;
            case IdempotencyConflict c -> 409;
            case NotYours n -> 403;
            case NotFound n -> 404;
        };
        result.put("status", status);
        var error = result.putObject("error").put("detail", refusal.getMessage());
        if (refusal instanceof InvalidInput invalid) {
            var list = error.putArray("errors");
            invalid.shown().forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()).put("code", e.code()));
            if (invalid.omitted() > 0) {
                error.put("errors_omitted", invalid.omitted());
            }
        }
    }

    private void get(Context ctx) {
        var principal = Credentials.caller(ctx);
        ctx.json(FeedbackJson.write(reads.get(principal, ctx.pathParam("id")), scales.of(principal.tenantId())));
    }

    private void list(Context ctx) {
        var principal = Credentials.caller(ctx);
        var page = reads.list(principal, TokenRoutes.confined(QueryParams.feedbackQuery(ctx), principal));
        var tenantScales = scales.of(principal.tenantId());
        ctx.json(pageBody(page.items().stream().map(f -> FeedbackJson.write(f, tenantScales)).toList(), page.nextAfter()));
    }

    private void patch(Context ctx) {
        var principal = Credentials.caller(ctx);
        var patch = FeedbackJson.readPatch(Json.parse(ctx.body()));
        var actor = admitChange(principal, ctx.pathParam("id"));
        ctx.json(FeedbackJson.write(feedback.patch(actor, ctx.pathParam("id"), patch), scales.of(principal.tenantId())));
    }

    private void delete(Context ctx) {
        var actor = admitChange(Credentials.caller(ctx), ctx.pathParam("id"));
        feedback.delete(actor, ctx.pathParam("id"));
        ctx.status(204);
    }

    private Actor admitChange(Principal principal, String id) {
        return gate.admitChange(principal, () -> feedback.get(principal.tenantId(), id));
    }

    private void history(Context ctx) {
        var principal = Credentials.caller(ctx);
        List<Feedback> revisions = reads.history(principal, ctx.pathParam("id"));
        var body = Json.object();
        var items = body.putArray("items");
        var tenantScales = scales.of(principal.tenantId());
        revisions.forEach(f -> items.add(FeedbackJson.write(f, tenantScales)));
        ctx.json(body);
    }

    private void purgeAuthor(Context ctx) {
        var principal = Credentials.caller(ctx);
        var author = ctx.pathParam("author_id");
        var purged = feedback.purge(principal.tenantId(), author);
        ctx.json(Json.object().put("author_id", author).put("purged", purged.feedback())
                .put("purged_messages", purged.messages()).put("purged_threads", purged.threads()));
    }

    static ObjectNode pageBody(List<? extends com.fasterxml.jackson.databind.JsonNode> items, String nextAfter) {
        var body = Json.object();
        body.putArray("items").addAll(items);
        body.put("next_cursor", Cursor.encode(nextAfter));
        return body;
    }
}
