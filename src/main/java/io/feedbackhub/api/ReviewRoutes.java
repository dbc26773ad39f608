package io.feedbackhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.insight.ScalesReader;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.review.Answer;
import io.feedbackhub.review.FilterDraft;
import io.feedbackhub.review.ItemDraft;
import io.feedbackhub.review.LeaseLost;
import io.feedbackhub.review.MessageFilter;
import io.feedbackhub.review.QueueDraft;
import io.feedbackhub.review.ReviewService;
import io.feedbackhub.webhooks.EventFilter;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * /v1/review-queues (editors: people and secret or admin keys): queues, their items, claims under leases, reviews,
 * release and skip, and agreement. A person reviews as themselves; a key names the reviewer it acts for.
 */
final class ReviewRoutes {
    private static final Set<String> QUEUE_FIELDS = Set.of("name", "kind", "form", "reviewers_per_item", "blind", "adjudicate",
            "instructions", "lease_seconds");
    private static final Set<String> ANSWER_FIELDS = Set.of("name", "label", "score", "comment", "reasons", "correction");
    private static final Set<String> ITEM_FIELDS = Set.of("message_id", "trace_id", "thread_id", "pair");

    private final ReviewService reviews;
    private final WriteGate gate;
    private final ScalesReader scales;
    private final FeedbackReads reads;

    ReviewRoutes(ReviewService reviews, WriteGate gate, ScalesReader scales, FeedbackReads reads) {
        this.reviews = reviews;
        this.gate = gate;
        this.scales = scales;
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/review-queues", Access.EDITOR, ctx -> ctx.status(201).json(ReviewJson.queue(reviews.create(tenant(ctx), queueDraft(ctx)))));
        routes.get("/v1/review-queues", Access.VIEWER, this::list);
        routes.get("/v1/review-queues/{id}", Access.VIEWER, ctx -> {
            var tenant = tenant(ctx);
            var queue = reviews.queue(tenant, ctx.pathParam("id"));
            ctx.json(ReviewJson.queueWithProgress(queue, reviews.progress(tenant, queue)));
        });
        routes.post("/v1/review-queues/{id}/items", Access.EDITOR, this::addItems);
        routes.get("/v1/review-queues/{id}/items/{item_id}", Access.VIEWER, ctx ->
                ctx.json(reads.item(Credentials.caller(ctx), reviews.item(tenant(ctx), ctx.pathParam("id"), ctx.pathParam("item_id")))));
        routes.post("/v1/review-queues/{id}/next", Access.EDITOR, this::next);
        routes.post("/v1/review-queues/{id}/items/{item_id}/reviews", Access.EDITOR, this::submit);
        routes.post("/v1/review-queues/{id}/items/{item_id}/release", Access.EDITOR, ctx -> giveBack(ctx, false));
        routes.post("/v1/review-queues/{id}/items/{item_id}/skip", Access.EDITOR, ctx -> giveBack(ctx, true));
        routes.get("/v1/review-queues/{id}/disagreements", Access.VIEWER, this::disagreements);
        routes.post("/v1/review-queues/{id}/items/{item_id}/resolution", Access.EDITOR, this::resolve);
        routes.get("/v1/review-queues/{id}/agreement", Access.VIEWER, ctx -> {
            var tenant = tenant(ctx);
            onlyParameters(ctx, Set.of("name"));
            ctx.json(ReviewJson.agreement(reviews.agreement(tenant, ctx.pathParam("id"), ctx.queryParam("name"))));
        });
        routes.post("/v1/review-queues/{id}/filters", Access.SECRET, this::addByFilter);
        routes.get("/v1/review-queues/{id}/filters", Access.SECRET, ctx -> {
            var tenant = tenant(ctx);
            var body = Json.object();
            var items = body.putArray("items");
            reviews.filters(tenant, ctx.pathParam("id")).forEach(f -> items.add(ReviewJson.filter(f)));
            ctx.json(body);
        });
        routes.delete("/v1/review-queues/{id}/filters/{filter_id}", Access.SECRET, ctx -> {
            reviews.stopFilter(tenant(ctx), ctx.pathParam("id"), ctx.pathParam("filter_id"));
            ctx.status(204);
        });
        routes.get("/v1/review-queues/{id}/win-rates", Access.SECRET, ctx -> {
            var tenant = tenant(ctx);
            onlyParameters(ctx, Set.of("name", "by"));
            var body = Json.object().put("name", ctx.queryParam("name")).put("by", ctx.queryParam("by"));
            var rows = body.putArray("items");
            reviews.winRates(tenant, ctx.pathParam("id"), ctx.queryParam("name"), ctx.queryParam("by"))
                    .forEach(w -> rows.add(ReviewJson.winRate(w)));
            ctx.json(body);
        });
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private void list(Context ctx) {
        var tenant = tenant(ctx);
        var body = Json.object();
        var items = body.putArray("items");
        reviews.queues(tenant).forEach(q -> items.add(ReviewJson.queue(q)));
        ctx.json(body);
    }

    private static QueueDraft queueDraft(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(QUEUE_FIELDS);
        var draft = new QueueDraft(in.string("name"), in.string("kind"), in.strings("form"), integer(in, "reviewers_per_item"),
                in.bool("blind"), in.bool("adjudicate"), in.string("instructions"), integer(in, "lease_seconds"));
        in.throwIfInvalid();
        return draft;
    }

    private void addItems(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("items"));
        var drafts = objects(in, "items", ITEM_FIELDS,
                item -> new ItemDraft(item.string("message_id"), item.string("trace_id"), item.string("thread_id"), item.strings("pair")));
        var added = reviews.addItems(tenant, ctx.pathParam("id"), drafts);
        var body = Json.object().put("added", added.added().size()).put("already_queued", added.alreadyQueued());
        var items = body.putArray("items");
        added.added().forEach(i -> items.add(ReviewJson.item(i)));
        ctx.status(201).json(body);
    }

    /**
     * {"feedback": {GET /v1/feedback filters}} or {"messages": {thread_id, model, created_from, created_to, metadata}},
     * with an optional "sample": {"rate", "seed"} and "live".
     */
    private void addByFilter(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("feedback", "messages", "sample", "live"));
        var live = in.bool("live");
        Double rate = null;
        String seed = null;
        var sample = in.raw("sample");
        if (sample != null && !sample.isNull()) {
            if (!sample.isObject()) {
                in.error("sample", "must be an object {\"rate\": 0.02, \"seed\": \"...\"}", "dict_type");
            } else {
                var s = JsonFields.of(sample);
                s.rejectUnknown(Set.of("rate", "seed"));
                rate = s.number("rate");
                seed = s.string("seed");
                if (rate == null) {
                    s.error("rate", "is required: the share of matches to add, e.g. 0.02", "missing");
                }
                s.errors().forEach(e -> in.error("sample." + e.field(), e.message(), e.code()));
            }
        }
        boolean overFeedback = in.raw("feedback") != null;
        boolean overMessages = in.raw("messages") != null;
        if (overFeedback == overMessages) {
            in.error("feedback", "give exactly one of \"feedback\" (GET /v1/feedback filters) or \"messages\" (a filter over registered messages)", "missing");
        }
        in.throwIfInvalid();
        FilterDraft draft;
        if (overFeedback) {
            var filter = EventFilter.parse(in.raw("feedback"));
            draft = new FilterDraft(filter.asFeedbackFilter(), null, filter.toJson().toString(), rate, seed, live);
        } else {
            var node = in.raw("messages");
            var messages = MessageFilter.parse(node);
            draft = new FilterDraft(null, messages, node.toString(), rate, seed, live);
        }
        var added = reviews.addByFilter(tenant, ctx.pathParam("id"), draft);
        var body = Json.object();
        body.set("filter", ReviewJson.filter(added.filter()));
        ctx.status(201).json(body.put("matched", added.matched()).put("added", added.added()).put("already_queued", added.alreadyQueued())
                .put("truncated", added.truncated()));
    }

    private void next(Context ctx) {
        var tenant = tenant(ctx);
        var reviewer = reviewerOnly(ctx);
        var queue = reviews.queue(tenant, ctx.pathParam("id"));
        reviews.next(tenant, queue.id(), reviewer).ifPresentOrElse(
                claim -> ctx.json(ReviewJson.claim(queue, claim)),
                () -> ctx.status(204));
    }

    private void submit(Context ctx) {
        var principal = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("reviewer_id", "answers"));
        var reviewer = actingAs(principal, in, "reviewer_id");
        var answers = objects(in, "answers", ANSWER_FIELDS, a -> new Answer(a.string("name"), a.string("label"), a.number("score"),
                a.string("comment"), a.strings("reasons"), a.string("correction")));
        try {
            var submitted = reviews.submit(gate.admitAll(principal, answers.size()), ctx.pathParam("id"), ctx.pathParam("item_id"), reviewer, answers);
            var body = Json.object().put("item_done", submitted.itemDone());
            var written = body.putArray("feedback");
            var tenantScales = scales.of(principal.tenantId());
            submitted.feedback().forEach(f -> written.add(FeedbackJson.write(f, tenantScales)));
            ctx.status(201).json(body);
        } catch (LeaseLost e) {
            throw leaseLost(e);
        }
    }

    private void disagreements(Context ctx) {
        var tenant = tenant(ctx);
        onlyParameters(ctx, Set.of("name"));
        var body = Json.object();
        var items = body.putArray("items");
        for (var d : reads.disagreements(Credentials.caller(ctx), reviews.disagreements(tenant, ctx.pathParam("id"), ctx.queryParam("name")))) {
            var o = items.addObject();
            o.set("item", ReviewJson.item(d.item()));
            var given = o.putArray("reviews");
            d.reviews().forEach(j -> given.addObject().put("reviewer_id", j.author()).put("label", j.label()).put("score", j.score()));
        }
        ctx.json(body);
    }

    private void resolve(Context ctx) {
        var principal = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("adjudicator_id", "name", "label"));
        var adjudicator = actingAs(principal, in, "adjudicator_id");
        var name = in.requiredString("name");
        var label = in.requiredString("label");
        in.throwIfInvalid();
        ctx.json(ReviewJson.item(reviews.resolve(gate.admit(principal), ctx.pathParam("id"), ctx.pathParam("item_id"), adjudicator, name, label)));
    }

    private void giveBack(Context ctx, boolean skip) {
        var tenant = tenant(ctx);
        var reviewer = reviewerOnly(ctx);
        try {
            if (skip) {
                reviews.skip(tenant, ctx.pathParam("id"), ctx.pathParam("item_id"), reviewer);
            } else {
                reviews.release(tenant, ctx.pathParam("id"), ctx.pathParam("item_id"), reviewer);
            }
        } catch (LeaseLost e) {
            throw leaseLost(e);
        }
        ctx.status(204);
    }

    private static void onlyParameters(Context ctx, Set<String> known) {
        var errors = new ArrayList<FieldError>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "is not a known parameter; known: " + new java.util.TreeSet<>(known), "extra_forbidden"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    private static HttpFailure leaseLost(LeaseLost e) {
        return new HttpFailure(409, "Lease lost", e.getMessage());
    }

    /** A body that only names the reviewer: {"reviewer_id": "..."}. */
    private static String reviewerOnly(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("reviewer_id"));
        var reviewer = actingAs(Credentials.caller(ctx), in, "reviewer_id");
        in.throwIfInvalid();
        return reviewer;
    }

    /**
     * Who reviews (or adjudicates): a signed-in person always as themselves, by their email, which they may leave out
     * or must give exactly; a key on behalf of whoever it names (labels imported from another tool), so it must name one.
     */
    private static String actingAs(Principal caller, JsonFields in, String field) {
        if (!caller.isPerson()) {
            return in.requiredString(field);
        }
        var self = caller.person().email();
        var named = in.string(field);
        if (named != null && !named.equals(self)) {
            throw HttpFailure.forbidden("a signed-in person reviews as themselves: " + field + " must be your email ("
                    + self + ") or left out; a secret key may act on behalf of another reviewer");
        }
        return self;
    }

    private static Integer integer(JsonFields in, String field) {
        var raw = in.raw(field);
        if (raw == null || raw.isNull()) {
            return null;
        }
        if (raw.isIntegralNumber() && raw.canConvertToInt()) {
            return raw.intValue();
        }
        in.error(field, "must be an integer, got " + JsonFields.kind(raw) + " " + raw, "int_type");
        return null;
    }

    /** An array of objects, each read by {@code read}; every error of every element is reported, named by its index. */
    private static <T> List<T> objects(JsonFields in, String field, Set<String> allowed, Function<JsonFields, T> read) {
        var node = in.raw(field);
        var errors = new ArrayList<>(in.errors());
        if (node == null || !node.isArray()) {
            errors.add(new FieldError(field, "must be an array of objects", node == null ? "missing" : "list_type"));
            throw new InvalidInput(errors);
        }
        var out = new ArrayList<T>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            var prefix = field + "[" + i + "]";
            if (!element.isObject()) {
                errors.add(new FieldError(prefix, "must be an object, got " + JsonFields.kind(element), "model_attributes_type"));
                continue;
            }
            var fields = JsonFields.of(element);
            fields.rejectUnknown(allowed);
            out.add(read.apply(fields));
            fields.errors().forEach(e -> errors.add(new FieldError(prefix + "." + e.field(), e.message(), e.code())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return out;
    }
}
