package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.http.FailureKind;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/** The Langfuse door's one failure mapper: every failure in the shape and status Langfuse answers it with. */
final class LangfuseFailures {
    private LangfuseFailures() {
    }

    static void respond(Throwable failure, Context ctx) {
        var error = errorOf(failure, ctx);
        ctx.status(error.status()).json(error.body());
    }

    /** Every failure as Langfuse would answer it (one ingestion event's too); a bug is logged here, once. */
    static LangfuseError errorOf(Throwable failure, Context ctx) {
        if (failure instanceof LangfuseError e) {
            return e;
        }
        var kind = FailureKind.of(failure);
        if (kind instanceof FailureKind.Bug bug) {
            bug.log(ctx);
        }
        return errorOf(kind);
    }

    private static LangfuseError errorOf(FailureKind kind) {
        return switch (kind) {
            case FailureKind.Invalid i -> LangfuseError.invalid(issues(i.input().errors()));
            case FailureKind.Unparsable u -> LangfuseError.invalid(new LangfuseError.Issues()
                    .custom("the body is not valid JSON (at character " + u.json().position() + "): " + u.json().getMessage()));
            case FailureKind.NotYours n -> new LangfuseError(403, n.refusal().getMessage(), Json.MAPPER.getNodeFactory().textNode("ForbiddenError"));
            case FailureKind.Refused r when r.status() == 401 || r.status() == 403 -> LangfuseError.auth(r.status(), r.detail());
            case FailureKind.Refused r when r.byServer() && r.status() == 405 -> new LangfuseError(405, "Method not allowed",
                    Json.MAPPER.getNodeFactory().textNode("MethodNotAllowedError"));
            case FailureKind.Refused r when r.byServer() -> new LangfuseError(r.status(), r.detail(), null);
            case FailureKind.Refused r when r.status() == 429 -> new LangfuseError(429, r.detail(),
                    Json.MAPPER.getNodeFactory().textNode("TooManyRequestsError"));
            case FailureKind.Refused r -> new LangfuseError(r.status(), r.detail(),
                    Json.MAPPER.getNodeFactory().textNode(r.status() == 400 ? "InvalidRequestError" : r.title()));
            case FailureKind.NotFound n when n.route() -> LangfuseError.notFound("Not found: " + n.detail());
            case FailureKind.NotFound n -> LangfuseError.notFound(n.detail());
            case FailureKind.Conflict c -> LangfuseError.conflict(c.conflict().getMessage());
            case FailureKind.Unavailable u -> new LangfuseError(503, "Service Unavailable: nothing was written, retry later", null);
            case FailureKind.Bug bug -> new LangfuseError(500, "Internal Server Error", Json.MAPPER.getNodeFactory().textNode("An unknown error occurred"));
        };
    }

    /** Core field errors (native names) as zod issues at the Langfuse field that carried the value. */
    private static LangfuseError.Issues issues(List<FieldError> errors) {
        var issues = new LangfuseError.Issues();
        for (var e : errors) {
            var base = e.field().split("[.\\[]", 2)[0];
            var rest = e.field().substring(base.length());
            var path = new ArrayList<Object>();
            switch (base) {
                case "" -> {
                    // the body as a whole (text that is not valid Unicode): zod's root path
                }
                case "label", "score", "correction" -> path.add("value");
                case "trace_id" -> path.add("traceId");
                case "message_id" -> path.add("observationId");
                case "thread_id" -> path.add("sessionId");
                case "client_feedback_id" -> path.add("id");
                case "author_id" -> path.addAll(List.of("metadata", "userId"));
                case "data" -> path.add("metadata");
                case "labels" -> path.add("categories");
                case "min" -> path.add("minValue");
                case "max" -> path.add("maxValue");
                default -> path.add(base);
            }
            for (var part : rest.split("[.\\[\\]]")) {
                if (!part.isEmpty()) {
                    // An array index is a number in zod's path; a longer run of digits is a metadata key
                    // (too long for an int), which stays a string.
                    path.add(part.length() <= 9 && part.chars().allMatch(Character::isDigit) ? (Object) Integer.parseInt(part) : part);
                }
            }
            issues.custom(e.message(), path.toArray());
        }
        return issues;
    }
}
