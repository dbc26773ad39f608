package io.feedbackhub.http;

import io.feedbackhub.auth.Principal;
import io.javalin.http.Context;

/**
 * One front door of the service: the native API or a vendor dialect. It owns the paths under its prefix
 * and answers every failure there in its own error shape.
 */
public interface Door {
    /** Path prefix this door owns, e.g. {@code /compat/scale}; the native API owns {@code /v1}. */
    String prefix();

    /** Every route this door serves, each with who may call it; the hub registers them and guards each. */
    void declare(RouteTable routes);

    /**
     * The caller of a request to one of this door's routes, authenticated from where this door's clients send their
     * credential; 401 in the door's shape when there is none or it is not valid.
     */
    Principal authenticate(Context ctx);

    /** The answer to a caller its route's {@link Access} refuses ({@code reason} says why): 403 unless the vendor differs. */
    default RuntimeException refuse(Access access, String reason) {
        return HttpFailure.forbidden(reason);
    }

    /** Which browser pages may call this door and with which headers; the hub registers it under {@link #prefix}. */
    Cors cors();

    /**
     * The answer to a request under this door's prefix that the HTTP server could not read ({@code reason} says why,
     * {@code title} is the status's reason phrase); problem+json unless the door has a shape of its own.
     */
    default UnreadableRequest unreadable(int status, String title, String reason) {
        return UnreadableRequest.problem(status, title, reason);
    }

    /** Writes the response for a failure raised while serving one of this door's requests. */
    void respondToFailure(Throwable failure, Context ctx);
}
