package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.dialect.TracedCalls;
import io.feedbackhub.dialect.TracedCalls.Call;

import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Langfuse's tracing events in an ingestion batch, recorded as the context of feedback (docs/context.md, "The vendors'
 * trace calls"):
 *
 * <ul>
 * <li>{@code trace-create}: a message whose id is the trace id (a score on the trace names it, see
 * {@link ScoreRequest#toDraft}); input → prompt, output → answer, sessionId → thread, userId → {@code user_id},
 * release, version, environment, name and the metadata's top-level scalars → metadata (the feedback's inherited
 * dimensions).</li>
 * <li>{@code generation-create/update} (and {@code observation-create/update} of type GENERATION): a message keyed by
 * the observation id, in its trace's thread, with model, token usage ({@code usageDetails} or the older
 * {@code usage}), {@code latency_ms} from startTime to endTime (sent in the create and the update), {@code trace_id} and {@code parent_id}; a
 * generation's model also becomes its trace's model ({@link TracedCalls#modelOfRoot}). Level ERROR keeps its
 * statusMessage as {@code error}.</li>
 * <li>{@code span-*}, {@code event-create} and other observations: nothing of their own is stored (they are the
 * steps between question and answer, not an answer feedback judges), except that a retriever's output documents
 * (type RETRIEVER, or an output that is a list of documents) become contents.</li>
 * <li>{@code sdk-log}: accepted and dropped.</li>
 * </ul>
 * Create and update events merge field by field into what is recorded, in either order.
 */
final class TraceEvents {
    static final Set<String> TYPES = Set.of("trace-create", "generation-create", "generation-update", "span-create",
            "span-update", "event-create", "observation-create", "observation-update", "sdk-log");

    private final TracedCalls calls;

    TraceEvents(TracedCalls calls) {
        this.calls = calls;
    }

    /** Records one event; bad bodies throw LangfuseError (400) or InvalidInput, answered per event. */
    void record(String tenantId, String type, JsonNode body) {
        if (type.equals("sdk-log")) {
            return;
        }
        if (body == null || !body.isObject()) {
            var issues = new LangfuseError.Issues();
            issues.custom("body: Expected object, received " + (body == null ? "undefined" : body.getNodeType().name().toLowerCase()), "body");
            throw LangfuseError.invalid(issues);
        }
        var id = TracedCalls.scalar(body.get("id"));
        if (id == null || id.isEmpty()) {
            var issues = new LangfuseError.Issues();
            issues.custom("id: Required (Feedback Hub records a trace or observation by its id)", "id");
            throw LangfuseError.invalid(issues);
        }
        if (type.equals("trace-create")) {
            trace(tenantId, id, body);
        } else if (type.startsWith("generation-") || "GENERATION".equals(body.path("type").asText())) {
            generation(tenantId, id, body);
        } else {
            documents(tenantId, body);
        }
    }

    private void trace(String tenantId, String id, JsonNode b) {
        var metadata = new LinkedHashMap<String, String>();
        TracedCalls.putScalars(metadata, b.get("metadata"));
        TracedCalls.putBounded(metadata, "name", TracedCalls.scalar(b.get("name")));
        TracedCalls.putBounded(metadata, TracedCalls.USER_ID, TracedCalls.scalar(b.get("userId")));
        TracedCalls.putBounded(metadata, "release", TracedCalls.scalar(b.get("release")));
        TracedCalls.putBounded(metadata, "version", TracedCalls.scalar(b.get("version")));
        TracedCalls.putBounded(metadata, TracedCalls.ENVIRONMENT, TracedCalls.scalar(b.get("environment")));
        calls.record(tenantId, new Call(id, TracedCalls.scalar(b.get("sessionId")), TracedCalls.text(b.get("input")),
                TracedCalls.text(b.get("output")), null, metadata));
    }

    private void generation(String tenantId, String id, JsonNode b) {
        var traceId = TracedCalls.scalar(b.get("traceId"));
        var metadata = new LinkedHashMap<String, String>();
        TracedCalls.putScalars(metadata, b.get("metadata"));
        TracedCalls.putBounded(metadata, "name", TracedCalls.scalar(b.get("name")));
        TracedCalls.putBounded(metadata, TracedCalls.TRACE_ID, traceId);
        TracedCalls.putBounded(metadata, TracedCalls.PARENT_ID, TracedCalls.scalar(b.get("parentObservationId")));
        TracedCalls.putBounded(metadata, "version", TracedCalls.scalar(b.get("version")));
        TracedCalls.putBounded(metadata, TracedCalls.ENVIRONMENT, TracedCalls.scalar(b.get("environment")));
        var usage = b.path("usageDetails").isObject() ? b.get("usageDetails") : b.path("usage");
        TracedCalls.putTokens(metadata, first(usage, "input", "promptTokens"), first(usage, "output", "completionTokens"),
                first(usage, "total", "totalTokens"));
        if ("ERROR".equals(b.path("level").asText())) {
            TracedCalls.putBounded(metadata, TracedCalls.ERROR, TracedCalls.firstText(b.path("statusMessage"), b.path("level")));
        }
        var model = TracedCalls.scalar(b.get("model"));
        var thread = calls.threadOf(tenantId, traceId);
        calls.record(tenantId, new Call(id, thread, TracedCalls.text(b.get("input")), TracedCalls.text(b.get("output")),
                model, metadata, TracedCalls.time(b.get("startTime")), TracedCalls.time(b.get("endTime"))));
        calls.modelOfRoot(tenantId, traceId, null, model);
    }

    /** A retriever observation's documents: its output, or the output's {@code documents}. */
    private void documents(String tenantId, JsonNode b) {
        var output = b.path("output");
        var docs = output.isArray() ? output : output.path("documents");
        if ("RETRIEVER".equals(b.path("type").asText()) || looksLikeDocuments(docs)) {
            calls.documents(tenantId, docs);
        }
    }

    private static boolean looksLikeDocuments(JsonNode docs) {
        return docs.isArray() && !docs.isEmpty() && docs.get(0).isObject()
                && (docs.get(0).has("pageContent") || docs.get(0).has("page_content"));
    }

    private static JsonNode first(JsonNode o, String a, String b) {
        return o.has(a) ? o.get(a) : o.get(b);
    }
}
