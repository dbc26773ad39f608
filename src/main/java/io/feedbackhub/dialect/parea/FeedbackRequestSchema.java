package io.feedbackhub.dialect.parea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.json.Json;

import java.util.Map;

/**
 * Seed 004's {@code FeedbackRequestSchema}, read the way FastAPI/pydantic reads it: unknown members are ignored
 * (pydantic's default), every optional string may be an explicit {@code null} (the Python SDK sends all of them),
 * {@code score} is a required number in [0, 1].
 *
 * @param traceId   the trace the feedback is about: {@code trace_id}, or {@code inference_id} when no trace_id
 *                  is given (the TypeScript SDK may send only inference_id; the seed describes both as
 *                  "UUID of the trace log")
 * @param traceField which request field {@code traceId} came from, to name it in errors the core raises
 * @param otherInferenceId an inference_id sent beside a different trace_id (kept, not used as the target)
 */
record FeedbackRequestSchema(String traceId, String traceField, String otherInferenceId, double score,
                             String comment, String target, String name) {

    /**
     * The native feedback name of every Parea score. Parea keeps one feedback score per trace log (its TraceLog
     * has a single {@code feedback_score}) and the seed marks {@code name} "Deprecated field", so the name does
     * not pick the slot: a second feedback on a trace updates the first, whatever name it carries.
     */
    static final String NATIVE_NAME = "parea_score";

    static final String ONE_ID_REQUIRED = "one of trace_id or inference_id is required";

    static FeedbackRequestSchema read(String body) {
        var errors = new RequestValidationError();
        var in = PydanticFields.ofBody(body, errors);
        errors.throwIfAny();
        var o = in.object();
        var traceId = in.nullableString("trace_id");
        var inferenceId = in.nullableString("inference_id");
        var comment = in.nullableString("comment");
        var target = in.nullableString("target");
        var name = in.nullableString("name");
        // "Field will be automatically filled-in" (seed): the tenant comes from the key, so the value is only
        // type-checked, as pydantic would, and then ignored; a body can never pick another tenant.
        in.nullableString("organization_id");
        // The seed's minimum: 0 / maximum: 1.
        var score = in.requiredNumber("score", 0, 1);

        boolean idsWellTyped = isStringOrNull(o.get("trace_id")) && isStringOrNull(o.get("inference_id"));
        if (idsWellTyped && absent(traceId) && absent(inferenceId)) {
            // Not in the seed's schema (both are optional there) but a feedback needs something to be about.
            // An empty string counts as absent, as in the Python SDK's own `if not data.trace_id` guard.
            errors.valueError(o.hasNonNull("trace_id") ? o.get("trace_id") : NullNode.getInstance(), ONE_ID_REQUIRED,
                    "body", "trace_id");
        }
        errors.throwIfAny();

        boolean fromTrace = !absent(traceId);
        var other = fromTrace && !absent(inferenceId) && !inferenceId.equals(traceId) ? inferenceId : null;
        return new FeedbackRequestSchema(fromTrace ? traceId : inferenceId, fromTrace ? "trace_id" : "inference_id",
                other, score, comment, target, name);
    }

    /**
     * trace → target trace_id and message_id (the trace log's message); score → score; comment → comment; target ("gold standard" of the log) →
     * correction. What has no native field ({@code name}, an inference_id that differs from the trace_id it came
     * with) is kept in {@code data}, so nothing the client said is lost.
     */
    FeedbackDraft toDraft() {
        var data = Json.object();
        if (name != null) {
            data.put("name", name);
        }
        if (otherInferenceId != null) {
            data.put("inference_id", otherInferenceId);
        }
        // Parea records "(user) feedback" (seed description): the judgment of an end user, relayed by the app.
        // The trace is also the message of that id (TraceLogs records it so): feedback inherits the trace log's model.
        return FeedbackDraft.builder(new Target(null, null, traceId, null, traceId, null)).name(NATIVE_NAME).score(score)
                .comment(comment).correction(target).data(data.isEmpty() ? null : data.toString()).source(Source.USER).build();
    }

    /** Native field names in errors the core raises (limits such as id or correction length) → this request's. */
    Map<String, String> vendorNames() {
        return Map.of("trace_id", traceField, "message_id", traceField, "correction", "target", "data", "name");
    }

    private static boolean isStringOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isTextual();
    }

    private static boolean absent(String s) {
        return s == null || s.isEmpty();
    }
}
