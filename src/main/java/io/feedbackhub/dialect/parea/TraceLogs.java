package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.context.TracedAnswer;
import io.feedbackhub.context.TracedDocument;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.dialect.TraceJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.Json.MalformedJson;

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
 * <li>session_id → thread; trace fields: end_user_identifier → user, input/output tokens, latency (seconds; else
 * from start_timestamp to end_timestamp), error, root_trace_id → trace id; dimensions: trace_name → {@code name},
 * provider, deployment_id, status, and the metadata's top-level scalars.</li>
 * <li>A child log's model also becomes its root's ({@link TraceRecorder#modelOfRoot}), so feedback on the root
 * inherits the model that answered.</li>
 * </ul>
 */
final class TraceLogs {
    private final TraceRecorder calls;

    TraceLogs(TraceRecorder calls) {
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
        } else if (!traceId.isTextual() || !TraceRecorder.usableId(traceId.textValue())) {
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
        } else if (!traceId.isTextual() || !TraceRecorder.usableId(traceId.textValue())) {
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
        var root = TraceJson.scalar(log.get("root_trace_id"));
        var configuration = log.path("configuration");
        var latency = log.get("latency");
        var messages = configuration.path("messages");
        var prompt = messages.isArray() && !messages.isEmpty() ? messages.toString() : TraceJson.text(log.get("inputs"));
        var model = TraceJson.scalar(configuration.get("model"));
        var thread = TraceJson.scalar(log.get("session_id"));
        if (thread == null && root != null && !root.equals(id)) {
            thread = calls.threadOf(tenantId, root);
        }
        calls.answer(tenantId, TracedAnswer.of(id).thread(thread).prompt(prompt).answer(TraceJson.text(log.get("output")))
                .model(model).trace(root != null ? root : id, id).user(TraceJson.scalar(log.get("end_user_identifier")))
                .tokens(TraceJson.count(log.get("input_tokens")), TraceJson.count(log.get("output_tokens")))
                .latencyMs(latency != null && latency.isNumber() && latency.doubleValue() >= 0 ? Math.round(latency.doubleValue() * 1000) : null)
                .times(TraceJson.time(log.get("start_timestamp")), TraceJson.time(log.get("end_timestamp")))
                .error(TraceJson.scalar(log.get("error")))
                .dimensionsFrom(log.get("metadata"))
                .dimension("name", TraceJson.scalar(log.get("trace_name")))
                .dimension("provider", TraceJson.scalar(configuration.get("provider")))
                .dimension("deployment_id", TraceJson.scalar(log.get("deployment_id")))
                .dimension("status", TraceJson.scalar(log.get("status")))
                .build());
        if (root != null && !root.equals(id)) {
            calls.modelOfRoot(tenantId, root, thread, model);
        }
        retrieved(tenantId, log.get("output"));
    }

    /**
     * A traced retriever's output (the SDK sends a function's return value as its JSON text): a list of LangChain
     * documents becomes contents, so chunk feedback shows what they said.
     */
    private void retrieved(String tenantId, JsonNode output) {
        if (output == null || !output.isTextual() || !output.textValue().strip().startsWith("[")) {
            return;
        }
        JsonNode docs;
        try {
            docs = Json.parse(output.textValue());
        } catch (MalformedJson notJson) {
            return; // text that happens to start with a bracket
        }
        if (docs.isArray() && !docs.isEmpty() && (docs.get(0).has("page_content") || docs.get(0).has("pageContent"))) {
            calls.documents(tenantId, TracedDocument.listed(docs));
        }
    }
}
