package io.feedbackhub.http;

import io.feedbackhub.core.ConcurrentChange;
import io.feedbackhub.core.Failure;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.StoreFailure;
import io.feedbackhub.core.StoreUnavailable;
import io.feedbackhub.json.Json;
import io.feedbackhub.ops.LoggedPaths;
import io.feedbackhub.ops.RequestIds;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed request comes to, classified once ({@link #of}) for every door: a {@link Refusal} of the request as
 * it stands (nothing was written), {@link NotFound}, {@link Conflict}, {@link Unavailable} (retry later), or a
 * {@link Bug}. Each door answers these with one exhaustive switch in its vendor's shape: a kind added here is a
 * compile error at every door, not a silent 500. Only a bug is a 500, logged once where it is answered
 * ({@link Bug#log}).
 */
public sealed interface FailureKind {
    /** How long a client should wait before retrying a request the store could not serve. */
    long RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

    /**
     * Seconds the client should wait before trying again (the {@code Retry-After} the hub sends at every door), or 0
     * when waiting cannot help.
     */
    default long retryAfterSeconds() {
        return 0;
    }

    /** The request is refused as it stands: the caller must change it (or wait, for a limit). */
    sealed interface Refusal extends FailureKind {
    }

    /** Field errors, all of them: the core's rules or the door's own parsing. */
    record Invalid(InvalidInput input) implements Refusal {
    }

    /** The body is not JSON, or exceeds a JSON limit. */
    record Unparsable(Json.MalformedJson json) implements Refusal {
    }

    /** A browser credential's write over feedback another identity gave, or outside its token's binding. */
    record NotYours(io.feedbackhub.core.NotYours refusal) implements Refusal {
    }

    /**
     * Refused at the edge with a status of its own: credentials (401), access (403), a limit (429, with
     * {@code retryAfterSeconds}), the method, size, media type or time of the request. {@code byServer}: raised by
     * Javalin itself, not by the hub's code (some vendors word those apart).
     */
    record Refused(int status, String title, String detail, long retryAfterSeconds, boolean byServer) implements Refusal {
    }

    /** No such record for this tenant, or ({@code route}) no route for the request's path. */
    record NotFound(String detail, boolean route) implements FailureKind {
    }

    /** An idempotency key reused with another payload. */
    record Conflict(IdempotencyConflict conflict) implements FailureKind {
    }

    /** The store cannot serve now; nothing was written. */
    record Unavailable(StoreUnavailable cause) implements FailureKind {
        @Override
        public long retryAfterSeconds() {
            return RETRY_AFTER_UNAVAILABLE_SECONDS;
        }
    }

    /** Nothing a caller can cause or cure: answered 500 and logged. */
    record Bug(Throwable cause) implements FailureKind {
        private static final Logger log = LoggerFactory.getLogger(FailureKind.class);

        /** Logs the failure once, with the request it broke; returns the request id the answer quotes. */
        public String log(Context ctx) {
            log.error("request_id={} unexpected failure on {} {}", RequestIds.of(ctx), ctx.method(), LoggedPaths.of(ctx), cause);
            return RequestIds.of(ctx);
        }
    }

    static FailureKind of(Throwable failure) {
        return switch (failure) {
            case Failure f -> ofCore(f);
            case HttpFailure e -> new Refused(e.status(), e.title(), e.getMessage(), e.retryAfterSeconds(), false);
            case Json.MalformedJson e -> new Unparsable(e);
            case HttpResponseException e when e.getStatus() == 404 -> new NotFound(e.getMessage(), true);
            case HttpResponseException e -> new Refused(e.getStatus(), ProblemResponses.statusTitle(e.getStatus()), e.getMessage(), 0, true);
            default -> new Bug(failure);
        };
    }

    private static FailureKind ofCore(Failure failure) {
        return switch (failure) {
            case InvalidInput e -> new Invalid(e);
            case io.feedbackhub.core.NotFound e -> new NotFound(e.getMessage(), false);
            case io.feedbackhub.core.NotYours e -> new NotYours(e);
            case IdempotencyConflict e -> new Conflict(e);
            case StoreUnavailable e -> new Unavailable(e);
            case StoreFailure e -> new Bug(e);
            case ConcurrentChange e -> new Bug(e); // the store retries it; one that escapes is a bug
        };
    }
}
