package io.feedbackhub.app;

import io.feedbackhub.http.HttpFailure;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointNotFound;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request whose path is served but not with its method is a 405 with {@code Allow} (RFC 9110 §15.5.6), as
 * FastAPI answers it, not Javalin's 404: the door still chooses the body. {@code Allow} lists every method the path
 * serves (Starlette lists those of the first matching route only; a client is better told them all). OPTIONS is left
 * out: it is the CORS preflight, which every path under a door answers.
 */
final class WrongMethods {
    private final RouteCatalogue routes;

    WrongMethods(RouteCatalogue routes) {
        this.routes = routes;
    }

    /** The 405 to answer instead of {@code failure}, with {@code Allow} set on {@code ctx}; empty if it is no such case. */
    Optional<HttpFailure> of(Throwable failure, Context ctx) {
        if (!(failure instanceof EndpointNotFound)) {
            return Optional.empty();
        }
        List<String> allowed = Arrays.stream(HandlerType.values())
                .filter(type -> type.isHttpMethod() && type != HandlerType.OPTIONS && type != HandlerType.HEAD)
                .filter(type -> routes.serves(type, ctx.path()))
                .map(Enum::name)
                .toList();
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        var allow = String.join(", ", allowed);
        ctx.header("Allow", allow);
        return Optional.of(new HttpFailure(405, "Method Not Allowed",
                ctx.method().name() + " is not served at " + ctx.path() + "; it serves " + allow));
    }
}
