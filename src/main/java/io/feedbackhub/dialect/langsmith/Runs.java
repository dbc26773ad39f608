package io.feedbackhub.dialect.langsmith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.context.TraceRecorder;
import io.feedbackhub.context.TracedAnswer;
import io.feedbackhub.context.TracedDocument;
import io.feedbackhub.dialect.PydanticUuid;
import io.feedbackhub.dialect.TraceJson;

import java.util.ArrayList;
import java.util.List;

/**
 * LangSmith runs, recorded as the context of feedback (docs/context.md, "The vendors' trace calls"). A run's feedback
 * names it by run_id, which is the message id ({@link LangSmithFeedback}), so:
 *
 * <ul>
 * <li>LLM runs and root runs (no parent, or trace_id = id: what {@code traceable} puts around a call, and what
 * feedback usually targets) become messages keyed by the run id: inputs → prompt, outputs → answer (the text of the
 * first generation or message when outputs carry one, else the outputs' JSON), model from
 * {@code extra.invocation_params} (model, model_name) or {@code extra.metadata.ls_model_name}, tokens from
 * {@code outputs.usage_metadata} / {@code llm_output.token_usage}, start_time and end_time (the latency), error and
 * trace_id go to the trace fields; the thread is {@code extra.metadata} session_id, thread_id or conversation_id
 * (LangSmith's own thread keys), and the metadata's scalars, name, run_type and project become dimensions. An LLM
 * run's model is also its root's ({@link TraceRecorder#modelOfRoot}).</li>
 * <li>Retriever runs: their output documents ({@code outputs.documents}, or the list a traceable retriever returned,
 * {@code outputs.outputs}) become contents.</li>
 * <li>Other runs (chains and tools inside a trace) are acknowledged and not stored.</li>
 * </ul>
 * A patch merges into the recorded message; a patch for a run not recorded is recorded when it is an LLM or root run,
 * else dropped.
 */
final class Runs {
    private final TraceRecorder calls;

    Runs(TraceRecorder calls) {
        this.calls = calls;
    }

    /** Checks every run of a request before any is written, so a refused request writes nothing. */
    static List<ObjectNode> check(List<JsonNode> runs, String at, String pathId) {
        var errors = new ArrayList<FieldError>();
        var checked = new ArrayList<ObjectNode>();
        for (int i = 0; i < runs.size(); i++) {
            var run = runs.get(i);
            var where = runs.size() == 1 && at.equals("body") ? "body" : at + "." + i;
            if (!(run instanceof ObjectNode o)) {
                errors.add(FieldError.of(where, "Input should be a valid dictionary or object to extract fields from"));
                continue;
            }
            var id = pathId != null ? pathId : TraceJson.scalar(o.get("id"));
            var uuid = id == null ? null : PydanticUuid.parse(id);
            if (uuid == null || !uuid.valid()) {
                errors.add(FieldError.of(pathId != null ? "run_id" : where + ".id",
                        uuid == null ? "Field required" : "Input should be a valid UUID, " + uuid.error()));
                continue;
            }
            for (var name : List.of("inputs", "outputs", "extra")) {
                if (o.hasNonNull(name) && !o.get(name).isObject()) {
                    errors.add(FieldError.of(where + "." + name, "Input should be a valid dictionary"));
                }
            }
            o.put("id", uuid.canonical()); // the form feedback's run_id takes, so that the two meet
            checked.add(o);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return checked;
    }

    /** Records a run's create or patch ({@code create} false). */
    void record(String tenantId, ObjectNode run, boolean create) {
        var id = run.get("id").asText();
        var type = run.path("run_type").asText("");
        var parent = TraceJson.scalar(run.get("parent_run_id"));
        var traceId = TraceJson.scalar(run.get("trace_id"));
        var root = (parent == null && create) || id.equals(traceId);
        if (type.equals("retriever")) {
            var outputs = run.path("outputs");
            // LangChain's retrievers return {documents: [...]}; a traceable retriever's list comes as {outputs: [...]}
            calls.documents(tenantId, TracedDocument.listed(outputs.path("documents").isArray() ? outputs.get("documents") : outputs.path("outputs")));
            return;
        }
        boolean known = !create && calls.isRecorded(tenantId, id);
        if (!type.equals("llm") && !root && !known) {
            return;
        }
        var extra = run.path("extra");
        var meta = extra.path("metadata");
        var outputs = run.path("outputs");
        var usage = outputs.path("usage_metadata").isObject() ? outputs.get("usage_metadata")
                : outputs.path("llm_output").path("token_usage").isObject() ? outputs.path("llm_output").get("token_usage")
                : meta.path("usage_metadata");
        var params = extra.path("invocation_params");
        var model = TraceJson.firstText(params.path("model"), params.path("model_name"), meta.path("ls_model_name"),
                meta.path("model"));
        var thread = TraceJson.firstText(meta.path("session_id"), meta.path("thread_id"), meta.path("conversation_id"));
        if (thread == null && !root) {
            thread = calls.threadOf(tenantId, traceId);
        }
        calls.answer(tenantId, TracedAnswer.of(id).thread(thread).prompt(TraceJson.text(run.get("inputs")))
                .answer(answer(outputs)).model(model)
                .trace(traceId != null ? traceId : root ? id : null, id)
                .tokens(TraceJson.count(first(usage, "input_tokens", "prompt_tokens")), TraceJson.count(first(usage, "output_tokens", "completion_tokens")))
                .times(TraceJson.time(run.get("start_time")), TraceJson.time(run.get("end_time")))
                .error(TraceJson.scalar(run.get("error")))
                .dimensionsFrom(meta)
                .dimension("name", TraceJson.scalar(run.get("name")))
                .dimension("run_type", type.isEmpty() ? null : type)
                .dimension("project", TraceJson.scalar(run.get("session_name")))
                .build());
        if (type.equals("llm") && !root) {
            calls.modelOfRoot(tenantId, traceId, thread, model);
        }
    }

    /**
     * The answer an LLM run gave: LangChain's {@code generations[0][0].text} or a chat message's content when it is
     * there, OpenAI's {@code choices[0].message.content}, else the outputs as JSON (a traceable's return value).
     */
    static String answer(JsonNode outputs) {
        if (outputs == null || outputs.isMissingNode() || outputs.isNull()) {
            return null;
        }
        var generation = outputs.path("generations").path(0);
        if (generation.isArray()) {
            generation = generation.path(0);
        }
        var text = TraceJson.firstText(generation.path("text"), generation.path("message").path("kwargs").path("content"),
                outputs.path("choices").path(0).path("message").path("content"), outputs.path("output"),
                outputs.path("content"));
        return text != null ? text : TraceJson.text(outputs);
    }

    private static JsonNode first(JsonNode o, String a, String b) {
        return o.has(a) ? o.get(a) : o.get(b);
    }
}
