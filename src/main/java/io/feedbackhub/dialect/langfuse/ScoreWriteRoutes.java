package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.FeedbackConfig;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The routes that write scores: create, the ingestion batch (its score-create events), and delete. */
final class ScoreWriteRoutes {
    private final FeedbackService feedback;
    private final ScoreConfigs configs;
    private final WriteGate gate;
    private final Scores scores;
    private final TraceEvents traces;

    ScoreWriteRoutes(FeedbackService feedback, ScoreConfigs configs, WriteGate gate, Scores scores, TraceEvents traces) {
        this.traces = traces;
        this.feedback = feedback;
        this.configs = configs;
        this.gate = gate;
        this.scores = scores;
    }

    void create(Context ctx) {
        var principal = Credentials.caller(ctx);
        var id = writeScore(principal, Json.parse(ctx.body()), null);
        ctx.json(Json.object().put("id", id));
    }

    /**
     * A batch of events, answered 207 with one entry per event: {@code score-create} events are written in order,
     * each on its own (one refused event does not stop the others); trace and observation events are recorded as
     * context ({@link TraceEvents}) when a secret key sends them; other event types get an error of their own. Langfuse
     * answers 201 per accepted event, so its SDKs neither retry nor log. A browser caller pays its key one
     * token per score-create event up front: the whole call is admitted, or refused with 429 before any write.
     */
    void ingest(Context ctx) {
        var principal = Credentials.caller(ctx);
        var body = Json.parse(ctx.body());
        var batch = body.get("batch");
        if (!(body instanceof ObjectNode) || batch == null || !batch.isArray()) {
            var problem = Json.object().put("message", LangfuseError.INVALID_REQUEST_DATA);
            problem.putArray("errors").add(batch == null ? "batch: Required" : "batch: Expected array, received " + batch.getNodeType().name().toLowerCase());
            ctx.status(400).json(problem);
            return;
        }
        int scoreEvents = 0;
        for (var event : batch) {
            scoreEvents += event.path("type").asText("").equals("score-create") ? 1 : 0;
        }
        gate.admitItems(principal, scoreEvents);
        var answer = Json.object();
        var successes = answer.putArray("successes");
        var errors = answer.putArray("errors");
        for (var event : batch) {
            var eventId = event.path("id").isTextual() ? event.get("id").textValue() : "unknown";
            var type = event.path("type").isTextual() ? event.get("type").textValue() : null;
            if (type != null && TraceEvents.TYPES.contains(type)) {
                traceEvent(principal, ctx, event, eventId, type, successes, errors);
                continue;
            }
            if (!"score-create".equals(type)) {
                errors.addObject().put("id", eventId).put("status", 400).put("message", "Event type not accepted")
                        .put("error", "event type \"" + type + "\" is not accepted; Feedback Hub takes score-create and"
                                + " the tracing events " + String.join(", ", new java.util.TreeSet<>(TraceEvents.TYPES)));
                continue;
            }
            try {
                writeScore(principal, event.get("body"), event.get("timestamp"));
                successes.addObject().put("id", eventId).put("status", 201);
            } catch (RuntimeException refused) {
                var error = LangfuseFailures.errorOf(refused, ctx);
                var item = errors.addObject().put("id", eventId).put("status", error.status()).put("message", error.getMessage());
                var detail = error.body().get("error");
                if (detail != null) {
                    item.set("error", detail);
                }
            }
        }
        ctx.status(207).json(answer);
    }

    /** A browser key may score but not trace: tracing sends prompts and answers, which only the backend should. */
    private void traceEvent(Principal principal, Context ctx, JsonNode event, String eventId, String type,
                            com.fasterxml.jackson.databind.node.ArrayNode successes, com.fasterxml.jackson.databind.node.ArrayNode errors) {
        if (!principal.role().canRead()) {
            errors.addObject().put("id", eventId).put("status", 403).put("message", "Forbidden")
                    .put("error", "tracing events need a secret key; a publishable key sends score-create events only");
            return;
        }
        try {
            traces.record(principal.tenantId(), type, event.get("body"));
            successes.addObject().put("id", eventId).put("status", 201);
        } catch (RuntimeException refused) {
            var error = LangfuseFailures.errorOf(refused, ctx);
            var item = errors.addObject().put("id", eventId).put("status", error.status()).put("message", error.getMessage());
            var detail = error.body().get("error");
            if (detail != null) {
                item.set("error", detail);
            }
        }
    }

    void delete(Context ctx) {
        var principal = Credentials.caller(ctx);
        var score = scores.found(principal.tenantId(), ctx.pathParam("scoreId"));
        feedback.delete(gate.admit(principal), score.id());
        ctx.status(204);
    }

    /**
     * {@code timestamp}: the ingestion event's, which Langfuse takes as the score's time. A secret key's is kept
     * (history can be imported this way, within the bounds the core sets); a browser key's is ignored rather than
     * refused, because LangfuseWeb stamps every event it sends and refusing would refuse every browser score.
     */
    private String writeScore(Principal principal, JsonNode body, JsonNode timestamp) {
        var tenant = principal.tenantId();
        var issues = new LangfuseError.Issues();
        Instant createdAt = principal.role().canRead() ? eventTime(timestamp, issues) : null;
        var request = ScoreRequest.read(body, issues);
        if (request == null) {
            throw LangfuseError.invalid(issues);
        }
        FeedbackConfig config = null;
        if (request.configId() != null) {
            config = configs.find(tenant, request.configId()).orElse(null);
            if (config == null) {
                issues.custom("configId " + request.configId() + " does not name a score config of this project", "configId");
            }
        } else if (request.name() != null) {
            config = configs.find(tenant, request.name()).orElse(null);
        }
        var draft = request.toDraft(config, issues, true).withCreatedAt(createdAt);
        issues.throwIfAny();
        return scores.write(gate.admit(principal), request.id(), draft);
    }

    /** Langfuse's schema: {@code z.string().datetime({ offset: true })}; absent or null is "now". */
    private static Instant eventTime(JsonNode timestamp, LangfuseError.Issues issues) {
        if (timestamp == null || timestamp.isNull()) {
            return null;
        }
        if (timestamp.isTextual()) {
            try {
                return OffsetDateTime.parse(timestamp.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        issues.custom("Invalid datetime: timestamp must be an ISO 8601 date-time with an offset", "timestamp");
        return null;
    }
}
