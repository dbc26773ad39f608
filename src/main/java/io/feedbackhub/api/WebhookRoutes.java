package io.feedbackhub.api;

import io.feedbackhub.core.Durations;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.webhooks.Delivery;
import io.feedbackhub.webhooks.Endpoint;
import io.feedbackhub.webhooks.EventType;
import io.feedbackhub.webhooks.WebhookService;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/**
 * /v1/webhooks (secret or admin keys): endpoints with their filters, the signing secret (shown at creation and
 * rotation only), deliveries with every attempt, re-sending one, and a test event on request.
 */
final class WebhookRoutes {
    private static final Set<String> WRITABLE = Set.of("url", "events", "filter", "description", "enabled");
    private static final Set<String> DELIVERY_QUERY = Set.of("status", "limit", "cursor");

    private final WebhookService webhooks;
    private final FeedbackReads reads;

    WebhookRoutes(WebhookService webhooks, FeedbackReads reads) {
        this.webhooks = webhooks;
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/webhooks", Access.EDITOR, this::create);
        routes.get("/v1/webhooks", Access.VIEWER, this::list);
        routes.get("/v1/webhooks/{id}", Access.VIEWER, this::get);
        routes.patch("/v1/webhooks/{id}", Access.EDITOR, this::patch);
        routes.delete("/v1/webhooks/{id}", Access.EDITOR, this::delete);
        routes.post("/v1/webhooks/{id}/rotate-secret", Access.EDITOR, this::rotate);
        routes.post("/v1/webhooks/{id}/test", Access.EDITOR, this::test);
        routes.get("/v1/webhooks/{id}/deliveries", Access.VIEWER, this::deliveries);
        routes.get("/v1/webhooks/{id}/deliveries/{event_id}", Access.VIEWER, this::delivery);
        routes.post("/v1/webhooks/{id}/deliveries/{event_id}/resend", Access.EDITOR, this::resend);
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private void create(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(WRITABLE);
        var url = in.requiredString("url");
        var events = in.strings("events");
        var description = in.string("description");
        var enabled = in.bool("enabled");
        in.throwIfInvalid();
        var endpoint = webhooks.create(tenant, url, events, in.raw("filter"), description, enabled);
        ctx.status(201).json(write(endpoint).put("secret", endpoint.secret()));
    }

    private void list(Context ctx) {
        var tenant = tenant(ctx);
        var body = Json.object();
        var items = body.putArray("items");
        webhooks.list(tenant).forEach(e -> items.add(write(e)));
        ctx.json(body);
    }

    private void get(Context ctx) {
        var tenant = tenant(ctx);
        var endpoint = webhooks.get(tenant, ctx.pathParam("id"));
        ctx.json(write(endpoint).put("pending_deliveries", webhooks.pending(tenant, endpoint.id())));
    }

    private void patch(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(WRITABLE);
        var url = in.change("url", in::string);
        var events = in.change("events", in::strings);
        var description = in.change("description", in::string);
        var enabled = in.change("enabled", in::bool);
        Change<JsonNode> filter = in.has("filter") ? Change.set(in.raw("filter")) : Change.keep();
        in.throwIfInvalid();
        ctx.json(write(webhooks.patch(tenant, ctx.pathParam("id"), url, events, filter, description, enabled)));
    }

    private void delete(Context ctx) {
        webhooks.delete(tenant(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    private void rotate(Context ctx) {
        var tenant = tenant(ctx);
        Duration grace = WebhookService.DEFAULT_GRACE;
        if (!ctx.body().isBlank()) {
            var in = JsonFields.of(Json.parse(ctx.body()));
            in.rejectUnknown(Set.of("grace_period"));
            var text = in.string("grace_period");
            in.throwIfInvalid();
            if (text != null) {
                try {
                    grace = Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput(FieldError.of("grace_period", e.getMessage()));
                }
            }
        }
        var endpoint = webhooks.rotateSecret(tenant, ctx.pathParam("id"), grace);
        ctx.json(write(endpoint).put("secret", endpoint.secret()));
    }

    /** 202 with the test event's delivery (pending): it then appears among the endpoint's deliveries like any event. */
    private void test(Context ctx) {
        var tenant = tenant(ctx);
        if (!ctx.body().isBlank()) {
            var in = JsonFields.of(Json.parse(ctx.body()));
            in.rejectUnknown(Set.of());
            in.throwIfInvalid();
        }
        ctx.status(202).json(write(webhooks.sendTest(tenant, ctx.pathParam("id"))));
    }

    private void deliveries(Context ctx) {
        var tenant = tenant(ctx);
        var errors = new ArrayList<FieldError>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!DELIVERY_QUERY.contains(name)) {
                errors.add(new FieldError(name, "is not a known parameter; known: " + new TreeSet<>(DELIVERY_QUERY), "extra_forbidden"));
            }
        }
        var statusText = ctx.queryParam("status");
        var status = statusText == null ? null : Delivery.Status.parse(statusText).orElse(null);
        if (statusText != null && status == null) {
            errors.add(new FieldError("status", "must be one of pending, delivered, failed, got \"" + statusText + "\"", "enum"));
        }
        int limit = QueryParams.limit(ctx, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var page = webhooks.deliveries(tenant, ctx.pathParam("id"), status, Cursor.decode(ctx.queryParam("cursor")), limit);
        ctx.json(FeedbackRoutes.pageBody(page.items().stream().map(WebhookRoutes::write).toList(), page.nextAfter()));
    }

    private void delivery(Context ctx) {
        var tenant = tenant(ctx);
        var delivery = webhooks.delivery(tenant, ctx.pathParam("id"), ctx.pathParam("event_id"));
        var body = write(delivery);
        if (delivery.payload() == null) {
            body.putNull("payload");
        } else {
            body.set("payload", reads.eventPayload(Credentials.caller(ctx), Json.parse(delivery.payload())));
        }
        ctx.json(body);
    }

    private void resend(Context ctx) {
        var tenant = tenant(ctx);
        ctx.status(202).json(write(webhooks.resend(tenant, ctx.pathParam("id"), ctx.pathParam("event_id"))));
    }

    /** An endpoint as listed and read: never its secrets. */
    static ObjectNode write(Endpoint e) {
        var o = Json.object();
        o.put("id", e.id());
        o.put("url", e.url());
        o.put("description", e.description());
        var events = o.putArray("events");
        e.events().stream().map(EventType::wire).sorted().forEach(events::add);
        o.set("filter", e.filter().toJson());
        o.put("enabled", e.enabled());
        o.put("disabled_at", FeedbackJson.iso(e.disabledAt()));
        o.put("disabled_reason", e.disabledReason());
        o.put("failing_since", FeedbackJson.iso(e.failingSince()));
        o.put("secret_rotated_at", FeedbackJson.iso(e.secretRotatedAt()));
        o.put("previous_secret_expires_at", FeedbackJson.iso(e.previousSecretExpiresAt()));
        o.put("created_at", FeedbackJson.iso(e.createdAt()));
        o.put("updated_at", FeedbackJson.iso(e.updatedAt()));
        return o;
    }

    static ObjectNode write(Delivery d) {
        var o = Json.object();
        o.put("event_id", d.eventId());
        o.put("event_type", d.eventType().wire());
        o.put("status", d.status().wire());
        o.put("attempt_count", d.attemptCount());
        o.put("next_attempt_at", d.status() == Delivery.Status.PENDING ? FeedbackJson.iso(d.nextAttemptAt()) : null);
        var attempts = o.putArray("attempts");
        for (var a : d.attempts()) {
            var item = attempts.addObject().put("at", FeedbackJson.iso(a.at()));
            if (a.statusCode() == null) {
                item.putNull("status_code");
            } else {
                item.put("status_code", a.statusCode());
            }
            item.put("error", a.error()).put("duration_ms", a.durationMillis());
        }
        o.put("created_at", FeedbackJson.iso(d.createdAt()));
        o.put("updated_at", FeedbackJson.iso(d.updatedAt()));
        return o;
    }
}
