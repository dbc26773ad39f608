package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.dialect.TracedCalls;
import io.feedbackhub.dialect.TracedCalls.Call;
import io.feedbackhub.json.Json;

import java.util.LinkedHashMap;

/**
 * Parea's trace logs, recorded as the context of feedback (docs/context.md, "The vendors' trace calls"). The SDKs
 * (parea-sdk-ts {@code src/parea_logger.ts}, parea-sdk-py {@code parea/parea_logger.py}) send {@code POST /trace_log}
 * with a whole {@code TraceLog} when a traced function ends and {@code PUT /trace_log} with
 * {@code {trace_id, field_name_to_value_map}} to amend one. Every log is a message keyed by its trace_id, which is
 * what Parea's feedback names ({@link FeedbackRequestSchema#toDraft}):
 *
 * <ul>
 * <li>prompt: {@code configuration.messages} (the chat sent to the model) when there, else {@code inputs} (the traced
 * function's arguments), as JSON; answer: {@code output}; model: {@code configuration.model}.</li>
 * <li>session_id → thread; end_user_identifier → {@code user_id}; input/output/total tokens; latency (seconds) →
 * {@code latency_ms} (else from start_timestamp to end_timestamp); error; {@code trace_id} (the root, from root_trace_id) and {@code parent_id}; trace_name →
 * {@code name}; provider, deployment_id, cost, status, and the metadata's top-level scalars.</li>
 * <li>A child log's model also becomes its root's ({@link TracedCalls#modelOfRoot}), so feedback on the root
 * inherits the model that answered.</li>
 * </ul>
 */
final class TraceLogs {
    private final TracedCalls calls;

    TraceLogs(TracedCalls calls) {
        this.calls = calls;
    }

    /** {@code POST /trace_log}; answers what the TraceLog's trace_id is, FastAPI's 422 for a body without one. */
    String create(String tenantId, String body) {
        var log = readLog(Json.parse(body));
        record(tenantId, log);
        return log.get("trace_id").textValue();
    }

    /** {@code PUT /trace_log}: the map's fields amend the recorded log, field by field. */
    String update(String tenantId, String body) {
        var json = Json.parse(body);
        var errors = new RequestValidationError();
        if (!(json instanceof ObjectNode o)) {
            throw errors.notAnObject(json);
        }
        var traceId = o.get("trace_id");
        if (traceId == null) {
            errors.missing(o, "body", "trace_id");
        } else if (!traceId.isTextual() || !TracedCalls.usableId(traceId.textValue())) {
            errors.stringType(traceId, "body", "trace_id");
        }
        var fields = o.get("field_name_to_value_map");
        if (fields == null) {
            errors.missing(o, "body", "field_name_to_value_map");
        } else if (!fields.isObject()) {
            errors.valueError(fields, "Input should be a valid dictionary", "body", "field_name_to_value_map");
        }
        errors.throwIfAny();
        var log = ((ObjectNode) fields).deepCopy().put("trace_id", traceId.textValue());
        if (o.hasNonNull("root_trace_id") && !log.has("root_trace_id")) {
            log.set("root_trace_id", o.get("root_trace_id"));
        }
        record(tenantId, log);
        return traceId.textValue();
    }

    private static ObjectNode readLog(JsonNode json) {
        var errors = new RequestValidationError();
        if (!(json instanceof ObjectNode o)) {
            throw errors.notAnObject(json);
        }
        var traceId = o.get("trace_id");
        if (traceId == null) {
            errors.missing(o, "body", "trace_id");
        } else if (!traceId.isTextual() || !TracedCalls.usableId(traceId.textValue())) {
            errors.stringType(traceId, "body", "trace_id");
        }
        for (var name : new String[]{"configuration", "inputs", "metadata"}) {
            if (o.hasNonNull(name) && !o.get(name).isObject()) {
                errors.valueError(o.get(name), "Input should be a valid dictionary", "body", name);
            }
        }
        errors.throwIfAny();
        return o;
    }

    private void record(String tenantId, ObjectNode log) {
        var id = log.get("trace_id").textValue();
        var root = TracedCalls.scalar(log.get("root_trace_id"));
        var configuration = log.path("configuration");
        var metadata = new LinkedHashMap<String, String>();
        TracedCalls.putScalars(metadata, log.get("metadata"));
        TracedCalls.putBounded(metadata, "name", TracedCalls.scalar(log.get("trace_name")));
        TracedCalls.putBounded(metadata, TracedCalls.TRACE_ID, root);
        TracedCalls.putBounded(metadata, TracedCalls.PARENT_ID, TracedCalls.scalar(log.get("parent_trace_id")));
        TracedCalls.putBounded(metadata, TracedCalls.USER_ID, TracedCalls.scalar(log.get("end_user_identifier")));
        TracedCalls.putBounded(metadata, "provider", TracedCalls.scalar(configuration.get("provider")));
        TracedCalls.putBounded(metadata, "deployment_id", TracedCalls.scalar(log.get("deployment_id")));
        TracedCalls.putBounded(metadata, "cost", TracedCalls.scalar(log.get("cost")));
        TracedCalls.putBounded(metadata, "status", TracedCalls.scalar(log.get("status")));
        TracedCalls.putBounded(metadata, TracedCalls.ERROR, TracedCalls.scalar(log.get("error")));
        TracedCalls.putTokens(metadata, log.get("input_tokens"), log.get("output_tokens"), log.get("total_tokens"));
        var latency = log.get("latency");
        if (latency != null && latency.isNumber() && latency.doubleValue() >= 0) {
            TracedCalls.putBounded(metadata, TracedCalls.LATENCY_MS, Long.toString(Math.round(latency.doubleValue() * 1000)));
        }
        var messages = configuration.path("messages");
        var prompt = messages.isArray() && !messages.isEmpty() ? messages.toString() : TracedCalls.text(log.get("inputs"));
        var model = TracedCalls.scalar(configuration.get("model"));
        var thread = TracedCalls.scalar(log.get("session_id"));
        if (thread == null && root != null && !root.equals(id)) {
            thread = calls.threadOf(tenantId, root);
        }
        calls.record(tenantId, new Call(id, thread, prompt, TracedCalls.text(log.get("output")), model, metadata,
                TracedCalls.time(log.get("start_timestamp")), TracedCalls.time(log.get("end_timestamp"))));
        if (root != null && !root.equals(id)) {
            calls.modelOfRoot(tenantId, root, thread, model);
        }
    }
}
