package io.feedbackhub.dialect.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.context.TracedAnswer;
import io.feedbackhub.context.TracedDocument;
import io.feedbackhub.dialect.TraceJson;

import java.util.Set;

/**
 * Langfuse's tracing events in an ingestion batch, recorded as the context of feedback (docs/context.md, "The vendors'
 * trace calls"):
 *
 * <ul>
 * <li>{@code trace-create}: a message whose id is the trace id (a score on the trace names it, see
 * {@link ScoreRequest#toDraft}); input → prompt, output → answer, sessionId → thread, userId → trace user;
 * release, version, environment, name and the metadata's top-level scalars → dimensions (what feedback inherits).</li>
 * <li>{@code generation-create/update} (and {@code observation-create/update} of type GENERATION): a message keyed by
 * the observation id, in its trace's thread, with model, token usage ({@code usageDetails} or the older
 * {@code usage}), start and end times (sent in the create and the update; the latency once both are known), its
 * trace id; a generation's model also becomes its trace's model ({@link TraceRecorder#modelOfRoot}). Level ERROR keeps
 * its statusMessage as the trace error.</li>
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

    private final TraceRecorder recorder;

    TraceEvents(TraceRecorder recorder) {
        this.recorder = recorder;
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
        var id = TraceJson.scalar(body.get("id"));
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
        recorder.answer(tenantId, TracedAnswer.of(id).thread(TraceJson.scalar(b.get("sessionId")))
                .prompt(TraceJson.text(b.get("input"))).answer(TraceJson.text(b.get("output")))
                .trace(id, null).user(TraceJson.scalar(b.get("userId")))
                .dimensionsFrom(b.get("metadata"))
                .dimension("name", TraceJson.scalar(b.get("name")))
                .dimension("release", TraceJson.scalar(b.get("release")))
                .dimension("version", TraceJson.scalar(b.get("version")))
                .dimension("environment", TraceJson.scalar(b.get("environment")))
                .build());
    }

    private void generation(String tenantId, String id, JsonNode b) {
        var traceId = TraceJson.scalar(b.get("traceId"));
        var usage = b.path("usageDetails").isObject() ? b.get("usageDetails") : b.path("usage");
        var model = TraceJson.scalar(b.get("model"));
        var error = "ERROR".equals(b.path("level").asText()) ? TraceJson.firstText(b.path("statusMessage"), b.path("level")) : null;
        recorder.answer(tenantId, TracedAnswer.of(id).thread(recorder.threadOf(tenantId, traceId))
                .prompt(TraceJson.text(b.get("input"))).answer(TraceJson.text(b.get("output"))).model(model)
                .trace(traceId, id)
                .tokens(TraceJson.count(first(usage, "input", "promptTokens")), TraceJson.count(first(usage, "output", "completionTokens")))
                .times(TraceJson.time(b.get("startTime")), TraceJson.time(b.get("endTime")))
                .error(error)
                .dimensionsFrom(b.get("metadata"))
                .dimension("name", TraceJson.scalar(b.get("name")))
                .dimension("version", TraceJson.scalar(b.get("version")))
                .dimension("environment", TraceJson.scalar(b.get("environment")))
                .build());
        recorder.modelOfRoot(tenantId, traceId, null, model);
    }

    /** A retriever observation's documents: its output, or the output's {@code documents}. */
    private void documents(String tenantId, JsonNode b) {
        var output = b.path("output");
        var docs = output.isArray() ? output : output.path("documents");
        if ("RETRIEVER".equals(b.path("type").asText()) || looksLikeDocuments(docs)) {
            recorder.documents(tenantId, TracedDocument.listed(docs));
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
