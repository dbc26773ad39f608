package io.feedbackhub.http;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.TeamRole;
import io.javalin.security.RouteRole;

import java.util.Optional;

/**
 * Who may call a route, declared where the route is declared ({@link RouteTable}) and checked once, before the
 * handler runs, by {@link AccessGuard}. Handlers hold no role checks: a handler that runs was admitted.
 *
 * <p>What an admitted caller may then write (its end-user limit, an end-user token's author and target) is the
 * write gate's ({@link WriteGate}) and the core's; what a token may read is confined by the route that lists.
 */
public enum Access implements RouteRole {
    /** No credential: health and version checks, and routes whose credential is in the URL (LangSmith's feedback tokens). */
    OPEN,
    /** Any valid credential: admin, secret and publishable keys, end-user tokens, anonymous ids. The write gate decides the rest. */
    ANY_CALLER,
    /** A bare publishable key, from one of its allowed origins: minting an anonymous id for a browser. */
    PUBLISHABLE_KEY,
    /** A secret or admin key, or an end-user token confined to its own author and target (a widget reading its vote). */
    SECRET_OR_END_USER,
    /** A secret or admin key: reads everything in its tenant and manages it; a person's session as an editor. */
    SECRET,
    /** Reads (stats, the feed, exports, settings): a secret or admin key, or any signed-in person. */
    VIEWER,
    /** Writes and changes (feedback, configs, alerts, webhooks, reviews, purges): a secret or admin key, or an editor, admin or owner. */
    EDITOR,
    /** Manages the tenant's keys and people: an admin key, or an admin or owner. */
    ADMIN;

    /**
     * Why {@code caller} may not call a route declared with this access; empty when it may. A person signed in with a
     * session is held to the people's scale ({@link TeamRole}): the key-shaped accesses count as a viewer's
     * ({@link #SECRET_OR_END_USER}, the feed) or an editor's (every other, all of them writes).
     */
    public Optional<String> refusal(Principal caller) {
        if (caller.isPerson()) {
            return personRefusal(caller.teamRole());
        }
        return switch (this) {
            case OPEN, ANY_CALLER -> Optional.empty();
            case PUBLISHABLE_KEY -> caller.role().canRead() || caller.isEndUser()
                    ? Optional.of("anonymous ids are minted with a publishable key (from one of its allowed origins);"
                    + " a backend that knows its user mints an end-user token instead (POST /v1/tokens)")
                    : Optional.empty();
            case SECRET_OR_END_USER -> caller.isEndUser() ? Optional.empty() : SECRET.refusal(caller);
            case SECRET -> caller.isEndUser()
                    ? Optional.of("an end-user token can only write its author's feedback on its target"
                    + " (and list that feedback); this needs a secret key")
                    : caller.role().canRead() ? Optional.empty()
                    : Optional.of("a publishable key can only create feedback and change its own; this needs a secret key");
            case VIEWER, EDITOR -> SECRET.refusal(caller);
            case ADMIN -> caller.role().canManageKeys() ? Optional.empty() : Optional.of("managing keys and people needs an admin key");
        };
    }

    /** The least role a person needs for a route of this access. */
    public TeamRole leastRole() {
        return switch (this) {
            case OPEN, VIEWER, SECRET_OR_END_USER -> TeamRole.VIEWER;
            case ANY_CALLER, SECRET, EDITOR -> TeamRole.EDITOR;
            case ADMIN, PUBLISHABLE_KEY -> TeamRole.ADMIN;
        };
    }

    private Optional<String> personRefusal(TeamRole role) {
        if (this == PUBLISHABLE_KEY) {
            return Optional.of("anonymous ids are minted with a publishable key, not by a signed-in person");
        }
        var least = leastRole();
        return role.atLeast(least) ? Optional.empty()
                : Optional.of("this needs the role " + least.wire() + " or above; you are " + role.wire());
    }
}
