package io.feedbackhub.http;

import io.javalin.http.Context;

/**
 * The one check of a route's declared {@link Access}, run before every door's handlers ({@code app.beforeMatched}):
 * the caller is authenticated the way the door's clients send credentials (401 in the door's shape otherwise) and
 * held to the access its route declares (the door's refusal otherwise). A handler reads the admitted caller with
 * {@link Credentials#caller}.
 */
public final class AccessGuard {
    private AccessGuard() {
    }

    /** Does nothing for a route that declares no access (the hub's own pages, health, metrics). */
    public static void check(Context ctx, Door door) {
        var access = ctx.routeRoles().stream()
                .filter(Access.class::isInstance).map(Access.class::cast)
                .findFirst();
        if (access.isEmpty() || access.get() == Access.OPEN) {
            return;
        }
        var caller = door.authenticate(ctx);
        var refusal = access.get().refusal(caller);
        if (refusal.isPresent()) {
            throw door.refuse(access.get(), refusal.get());
        }
    }
}
