package io.feedbackhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.Feedback;

import java.util.function.Supplier;

/**
 * Every write of every door passes here before core: the only place an admitted caller ({@link AccessGuard} checked
 * its role) becomes the {@link Actor} the core writes as. Admitting charges the per end user limit of browser writes
 * ({@link Credentials#chargeWrites}); the actor carries an end-user token's binding (its author, target, name and
 * bound metadata), which the core holds every write to. A door cannot forget the limit: no door builds an actor
 * itself ({@code Principal} has no way to one), so without the gate it has nothing to write with. Only the command
 * line import, which no request reaches, acts as a trusted actor of its own.
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
     * A change or removal of stored feedback, charged to its end user as its create was; {@code current} is looked up
     * only for a browser credential (keys pay no end-user limit). Feedback the caller may not change charges nobody:
     * the core refuses it right after (404 or 403).
     */
    public Actor admitChange(Principal caller, Supplier<Feedback> current) {
        if (caller.role() != Role.PUBLISHABLE || mayChange(caller, current.get())) {
            return admit(caller);
        }
        return actorOf(caller);
    }

    /**
     * For a request of {@code items} writes each admitted on its own later (Langfuse's ingestion, where each event
     * succeeds or fails alone): the key's token for each item after the first, up front, all or none (429).
     */
    public void admitItems(Principal caller, int items) {
        credentials.chargeItems(caller, items);
    }

    /**
     * The token binding of a native write: a token's body may leave out what the token binds (author, thread, message,
     * name), which is filled in, and an end user's feedback defaults to {@code source: user}. What the body does say
     * must match the token: the actor the gate admits carries the binding, and the core refuses anything else.
     */
    public static JsonNode withTokenDefaults(JsonNode body, Principal principal) {
        if (!principal.isEndUser() || !(body instanceof ObjectNode object)) {
            return body;
        }
        var scope = principal.endUser().scope();
        putIfAbsent(object, "author_id", scope.authorId());
        putIfAbsent(object, "thread_id", scope.threadId());
        putIfAbsent(object, "message_id", scope.messageId());
        putIfAbsent(object, "name", scope.name());
        putIfAbsent(object, "source", "user");
        return object;
    }

    private static void putIfAbsent(ObjectNode object, String field, String value) {
        if (value != null && !object.has(field)) {
            object.put(field, value);
        }
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
