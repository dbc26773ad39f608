package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.Change;
import io.feedbackhub.core.Durations;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.Page;
import io.feedbackhub.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Webhook endpoints of a tenant: create, read, change, rotate the secret, delete; their deliveries and re-sends. */
public final class WebhookService {
    /** Plenty for the receivers of one team; a bound on the per-write matching cost. */
    public static final int MAX_ENDPOINTS_PER_TENANT = 50;
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    /** Long enough to roll a new secret out to every receiver instance. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    private final EndpointStore endpoints;
    private final DeliveryStore deliveries;
    private final OutboxStore outbox;
    private final AddressGuard guard;
    private final Clock clock;

    WebhookService(EndpointStore endpoints, DeliveryStore deliveries, OutboxStore outbox, AddressGuard guard, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.guard = guard;
        this.clock = clock;
    }

    /** {@code filter} is the request's JSON object (or null), read here so that every problem of the request is reported at once. */
    public Endpoint create(String tenantId, String url, List<String> events, JsonNode filterJson, String description, Boolean enabled) {
        var errors = new ArrayList<FieldError>();
        checkUrl(url, errors);
        var types = events == null ? EventType.FEEDBACK : parseEvents(events, errors);
        var filter = filter(filterJson, errors);
        checkDescription(description, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        if (endpoints.count(tenantId) >= MAX_ENDPOINTS_PER_TENANT) {
            throw new InvalidInput(new FieldError("url", "a tenant has at most " + MAX_ENDPOINTS_PER_TENANT
                    + " webhook endpoints; delete one or widen the filter of another", "too_many"));
        }
        var now = now();
        boolean on = enabled == null || enabled;
        var endpoint = new Endpoint(tenantId, Ids.newId(), url, description, types, filter,
                Signatures.newSecret(), null, null, null, on, on ? null : now, on ? null : "disabled when created", null, now, now);
        endpoints.insert(endpoint);
        return endpoint;
    }

    public List<Endpoint> list(String tenantId) {
        return endpoints.list(tenantId);
    }

    public Endpoint get(String tenantId, String id) {
        return endpoints.find(tenantId, id).orElseThrow(() -> new NotFound("webhook", id));
    }

    /** Deliveries of this endpoint still to be made (due now or waiting for a retry). */
    public long pending(String tenantId, String id) {
        return endpoints.pending(tenantId, id);
    }

    /**
     * Changes what is given. Enabling an endpoint clears why it was disabled and its failure streak; its pending
     * deliveries resume. Disabling it stops deliveries; events of the time it is disabled are not kept for it.
     */
    public Endpoint patch(String tenantId, String id, Change<String> url, Change<List<String>> events, Change<JsonNode> filterJson,
                          Change<String> description, Change<Boolean> enabled) {
        var current = get(tenantId, id);
        var errors = new ArrayList<FieldError>();
        var filter = filterJson.isSet() ? filter(filterJson.applyTo(null), errors) : current.filter();
        if (url.isSet()) {
            checkUrl(url.applyTo(null), errors);
        }
        Set<EventType> types = current.events();
        if (events.isSet()) {
            var list = events.applyTo(null);
            if (list == null) {
                errors.add(new FieldError("events", "cannot be null; list the event types to receive", "missing"));
            } else {
                types = parseEvents(list, errors);
            }
        }
        if (enabled.isSet() && enabled.applyTo(null) == null) {
            errors.add(new FieldError("enabled", "cannot be null; true or false", "bool_type"));
        }
        checkDescription(description.applyTo(null), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var now = now();
        boolean on = enabled.isSet() ? enabled.applyTo(null) : current.enabled();
        boolean turnedOn = on && !current.enabled();
        boolean turnedOff = !on && current.enabled();
        var next = new Endpoint(tenantId, id, url.applyTo(current.url()), description.applyTo(current.description()), types,
                filter,
                current.secret(), current.previousSecret(), current.previousSecretExpiresAt(), current.secretRotatedAt(), on,
                turnedOn ? null : turnedOff ? now : current.disabledAt(),
                turnedOn ? null : turnedOff ? "disabled through the API" : current.disabledReason(),
                turnedOn ? null : current.failingSince(), current.createdAt(), now);
        if (!endpoints.update(next)) {
            throw new NotFound("webhook", id);
        }
        return next;
    }

    public void delete(String tenantId, String id) {
        if (!endpoints.delete(tenantId, id)) {
            throw new NotFound("webhook", id);
        }
    }

    /**
     * A new signing secret; the current one keeps signing next to it for {@code grace} (both signatures are sent), so
     * receivers can switch without missing a message. A grace of zero retires the old secret at once.
     */
    public Endpoint rotateSecret(String tenantId, String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidInput(FieldError.of("grace_period", "must be from 0s to " + Durations.format(MAX_GRACE) + ", got " + Durations.format(grace)));
        }
        var current = get(tenantId, id);
        var now = now();
        var next = new Endpoint(tenantId, id, current.url(), current.description(), current.events(), current.filter(),
                Signatures.newSecret(), grace.isZero() ? null : current.secret(), grace.isZero() ? null : now.plus(grace), now,
                current.enabled(), current.disabledAt(), current.disabledReason(), current.failingSince(), current.createdAt(), now);
        if (!endpoints.update(next)) {
            throw new NotFound("webhook", id);
        }
        return next;
    }

    public Page<Delivery> deliveries(String tenantId, String endpointId, Delivery.Status status, String afterEventId, int limit) {
        get(tenantId, endpointId);
        var rows = deliveries.deliveries(tenantId, endpointId, status, afterEventId, limit);
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        var page = List.copyOf(rows.subList(0, limit));
        return new Page<>(page, page.get(limit - 1).eventId());
    }

    public Delivery delivery(String tenantId, String endpointId, String eventId) {
        get(tenantId, endpointId);
        return deliveries.delivery(tenantId, endpointId, eventId).orElseThrow(() -> new NotFound("delivery", eventId));
    }

    /**
     * Sends the event again, with the same {@code webhook-id}, on a fresh retry schedule starting now, whatever the
     * delivery's state; an attempt in progress on some node at this moment is left to finish instead.
     */
    public Delivery resend(String tenantId, String endpointId, String eventId) {
        var delivery = delivery(tenantId, endpointId, eventId);
        if (delivery.payload() == null && delivery.status() != Delivery.Status.PENDING) {
            throw new NotFound("delivery", eventId); // its event is gone (retention)
        }
        deliveries.resend(tenantId, endpointId, eventId, now());
        return delivery(tenantId, endpointId, eventId);
    }

    /**
     * Queues a {@code ping} event for this endpoint alone, through the outbox like any event: the dispatcher signs and
     * delivers it (the address guard checks the URL before each attempt, as for any event), retries it on the schedule,
     * and lists it among the endpoint's deliveries. A disabled endpoint is refused: the ping would sit pending until
     * the endpoint is enabled again, which tests nothing.
     */
    public Delivery sendTest(String tenantId, String endpointId) {
        var endpoint = get(tenantId, endpointId);
        if (!endpoint.enabled()) {
            throw new InvalidInput(new FieldError("enabled", "the endpoint is disabled ("
                    + (endpoint.disabledReason() == null ? "no reason recorded" : endpoint.disabledReason())
                    + "); enable it (PATCH {\"enabled\": true}) to send a test event", "disabled"));
        }
        var now = now();
        var eventId = outbox.publishTo(tenantId, endpointId, EventType.PING, pingBody(endpoint, now), now);
        return delivery(tenantId, endpointId, eventId);
    }

    /** {"type": "ping", "timestamp", "data": {"endpoint_id", "url", "message"}}. */
    private static String pingBody(Endpoint endpoint, Instant at) {
        var body = Json.object().put("type", EventType.PING.wire()).put("timestamp", at.toString());
        body.putObject("data").put("endpoint_id", endpoint.id()).put("url", endpoint.url())
                .put("message", "A test event from Feedback Hub, sent on request. No feedback changed.");
        return body.toString();
    }

    private static EventFilter filter(JsonNode json, List<FieldError> errors) {
        try {
            return EventFilter.parse(json);
        } catch (InvalidInput e) {
            errors.addAll(e.errors());
            return EventFilter.ANY;
        }
    }

    private void checkUrl(String url, List<FieldError> errors) {
        guard.refusal(url).ifPresent(reason -> errors.add(new FieldError("url", reason, url == null ? "missing" : "url")));
    }

    private static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add(FieldError.of("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters, got " + description.length()));
        }
    }

    static Set<EventType> parseEvents(List<String> names, List<FieldError> errors) {
        var types = EnumSet.noneOf(EventType.class);
        if (names.isEmpty()) {
            errors.add(FieldError.of("events", "must name at least one event type"));
        }
        for (int i = 0; i < names.size(); i++) {
            var name = names.get(i);
            var type = EventType.parse(name);
            if (type.isPresent() && !type.get().isSubscribable()) {
                errors.add(new FieldError("events[" + i + "]", "\"" + name + "\" is sent only on request, by POST /v1/webhooks/{id}/test;"
                        + " subscribe to one of " + known(), "enum"));
            } else if (type.isPresent()) {
                types.add(type.get());
            } else {
                errors.add(new FieldError("events[" + i + "]", "must be one of " + known() + ", got \"" + name + "\"", "enum"));
            }
        }
        return types;
    }

    static List<String> known() {
        return java.util.Arrays.stream(EventType.values()).filter(EventType::isSubscribable).map(EventType::wire).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
