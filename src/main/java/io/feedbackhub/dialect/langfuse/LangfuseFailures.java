package io.feedbackhub.dialect.langfuse;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.NotYours;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** The Langfuse door's one failure mapper: every failure in the shape and status Langfuse answers it with. */
final class LangfuseFailures {
    private static final Logger log = LoggerFactory.getLogger(LangfuseFailures.class);

    private LangfuseFailures() {
    }

    static void respond(Throwable failure, Context ctx) {
        var error = errorOf(failure);
        if (failure instanceof StoreUnavailable) {
            ctx.header("Retry-After", "5");
        } else if (failure instanceof HttpFailure e && e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(error.status()).json(error.body());
    }

    /** Every failure as Langfuse would answer it. */
    static LangfuseError errorOf(Throwable failure) {
        return switch (failure) {
            case LangfuseError e -> e;
            case InvalidInput e -> LangfuseError.invalid(issues(e.errors()));
            case Json.MalformedJson e -> LangfuseError.invalid(new LangfuseError.Issues()
                    .custom("the body is not valid JSON (at character " + e.position() + "): " + e.getMessage()));
            case NotFound e -> LangfuseError.notFound(e.getMessage());
            case NotYours e -> new LangfuseError(403, e.getMessage(), Json.text("ForbiddenError"));
            case IdempotencyConflict e -> LangfuseError.conflict(e.getMessage());
            case StoreUnavailable e -> new LangfuseError(503, "Service Unavailable: nothing was written, retry later", null);
            case HttpFailure e when e.status() == 401 || e.status() == 403 -> LangfuseError.auth(e.status(), e.getMessage());
            case HttpFailure e when e.status() == 429 -> new LangfuseError(429, e.getMessage(),
                    Json.text("TooManyRequestsError"));
            case HttpFailure e -> new LangfuseError(e.status(), e.getMessage(),
                    Json.text(e.status() == 400 ? "InvalidRequestError" : e.title()));
            case HttpResponseException e when e.getStatus() == 404 -> LangfuseError.notFound("Not found: " + e.getMessage());
            case HttpResponseException e when e.getStatus() == 405 -> new LangfuseError(405, "Method not allowed",
                    Json.text("MethodNotAllowedError"));
            case HttpResponseException e -> new LangfuseError(e.getStatus(), e.getMessage(), null);
            default -> {
                log.error("unexpected failure in the Langfuse door", failure);
                yield new LangfuseError(500, "Internal Server Error", Json.text("An unknown error occurred"));
            }
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
