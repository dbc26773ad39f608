package io.feedbackhub.http;

import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.Feedback;

/**
 * Every write of every door passes here before core: the only place an admitted caller ({@link AccessGuard} checked
 * its role) becomes the {@link Actor} the core writes as. Admitting charges the per end user limit of browser writes
 * ({@link Credentials#chargeWrites}); the actor carries an end-user token's binding (its author, target, name and
 * bound metadata), which the core holds every write to. A door cannot forget the limit: without the gate it has no
 * actor to write with.
 */
public final class WriteGate {
    private final Credentials credentials;

    public WriteGate(Credentials credentials) {
        this.credentials = credentials;
    }

    /** One write (a create, an upsert, an undo): charged to the caller's end user. */
    public Actor admit(Principal caller) {
        return admitAll(caller, 1);
    }

    /**
     * {@code writes} writes at once (a batch), with the key's token for each after the first: all admitted, or none
     * (429, nothing taken).
     */
    public Actor admitAll(Principal caller, int writes) {
        credentials.chargeWrites(caller, writes);
        return actorOf(caller);
    }

    /**
     * A change or removal of stored feedback, charged to its end user as its create was. Feedback the caller may not
     * change charges nobody: the core refuses it right after (404 or 403).
     */
    public Actor admitChange(Principal caller, Feedback current) {
        return mayChange(caller, current) ? admit(caller) : actorOf(caller);
    }

    /**
     * For a request of {@code items} writes each admitted on its own later (Langfuse's ingestion, where each event
     * succeeds or fails alone): the key's token for each item after the first, up front, all or none (429).
     */
    public void admitItems(Principal caller, int items) {
        credentials.chargeItems(caller, items);
    }

    /** Whether the caller may change (or, for a browser credential, even learn about) this feedback. */
    public static boolean mayChange(Principal caller, Feedback f) {
        return actorOf(caller).mayChange(f);
    }

    private static Actor actorOf(Principal caller) {
        if (caller.endUser() != null) {
            return Actor.endUser(caller.tenantId(), caller.keyId(), caller.endUser().scope());
        }
        return new Actor(caller.tenantId(), caller.keyId(), caller.role() == Role.PUBLISHABLE);
    }

}
