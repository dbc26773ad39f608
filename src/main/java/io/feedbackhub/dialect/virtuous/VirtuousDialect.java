package io.feedbackhub.dialect.virtuous;

import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.IdempotencyConflict;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;
import io.feedbackhub.core.Order;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.dialect.FastApiErrors;
import io.feedbackhub.dialect.PydanticFields;
import io.feedbackhub.dialect.RequestValidationError;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials.Source;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * VirtuousAI's feedback API (seed 002) under {@code /compat/virtuous}: create a message reaction, list a
 * thread's reactions, get, patch and delete one item. The tenant and the user come from the caller's credentials
 * (the key, or an end-user token's author), never from the body. Errors are FastAPI's: 422 {@code {"detail":[...]}}, otherwise {@code {"detail": "..."}}.
 */
public final class VirtuousDialect implements Door {
    private static final Logger log = LoggerFactory.getLogger(VirtuousDialect.class);
    static final String PREFIX = "/compat/virtuous";
    /** The seed's three optional header parameters, any one of which carries the key. */
    static final Source[] KEY_HEADERS = {Source.AUTHORIZATION, Source.X_API_KEY, Source.VAI_TOKEN};

    /** Core field names → the seed's, for the core's own refusals (limits, feedback configs). */
    private static final Map<String, String> VENDOR_NAMES = Map.of(
            "name", "kind", "label", "reaction", "score", "reaction", "source_surface", "sourceSurface",
            "thread_id", "threadId", "message_id", "messageId", "turn_id", "turnId",
            "client_feedback_id", "clientFeedbackId");

    private final FeedbackService feedback;
    private final Credentials credentials;
    private final WriteGate gate;

    /** Threads need no registry call: a write naming a thread registers it in the same transaction. */
    public VirtuousDialect(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate) {
        this.feedback = feedback;
        this.credentials = credentials;
        this.gate = gate;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void declare(RouteTable routes) {
        routes.post(PREFIX + "/api/v1/feedback", Access.ANY_CALLER, this::create)
                .get(PREFIX + "/api/v1/feedback/threads/{thread_id}/reactions", Access.SECRET, this::threadReactions)
                .get(PREFIX + "/api/v1/feedback/{feedback_item_id}", Access.SECRET, this::getItem)
                .patch(PREFIX + "/api/v1/feedback/{feedback_item_id}", Access.ANY_CALLER, this::patchItem)
                .delete(PREFIX + "/api/v1/feedback/{feedback_item_id}", Access.ANY_CALLER, this::deleteItem);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    /** No public client is known (seeds/README.md): the seed's three key headers. */
    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, List.of(), "GET", "POST", "PATCH", "DELETE");
    }

    /**
     * The seed names no success status; FastAPI answers 200 unless a route declares another, and the seed's
     * client cannot tell a first write from a retry (clientFeedbackId) or a changed reaction anyway, so every
     * outcome (created, updated in place, replayed) is 200 with the item.
     */
    private void create(Context ctx) {
        var principal = Credentials.caller(ctx);
        var errors = new RequestValidationError();
        var draft = FeedbackRequests.readCreate(FeedbackRequests.body(ctx.body(), errors), userIdOf(principal), errors);
        errors.throwIfAny();
        var outcome = feedback.upsert(gate.admit(principal), draft);
        ctx.status(200).json(FeedbackItem.write(outcome.feedback()));
    }

    /** All of the tenant's live reactions on the thread, oldest first; an unknown thread has none. */
    private void threadReactions(Context ctx) {
        var principal = Credentials.caller(ctx);
        var errors = new RequestValidationError();
        var threadId = PydanticFields.pathUuid("thread_id", ctx.pathParam("thread_id"), errors);
        errors.throwIfAny();
        var items = Json.MAPPER.createArrayNode();
        var reactions = FeedbackFilter.ALL.is(FeedbackField.THREAD_ID, threadId)
                .oneOf(FeedbackField.LABEL, FeedbackRequests.REACTIONS).present(FeedbackField.SOURCE_SURFACE, true);
        boolean more = feedback.scan(principal.tenantId(), reactions, Order.OLDEST_FIRST, FeedbackService.MAX_UNPAGED, f -> {
            if (FeedbackItem.expressible(f)) { // the ids this seed's uuids cannot carry, which SQL does not check
                items.add(FeedbackItem.write(f));
            }
        });
        if (more) {
            log.warn("tenant {} thread {}: more than {} reactions, the listing holds the oldest {}", principal.tenantId(),
                    threadId, FeedbackService.MAX_UNPAGED, FeedbackService.MAX_UNPAGED);
        }
        ctx.json(items);
    }

    private void getItem(Context ctx) {
        var principal = Credentials.caller(ctx);
        var id = itemId(ctx);
        ctx.json(FeedbackItem.write(visible(principal, id)));
    }

    private void patchItem(Context ctx) {
        var principal = Credentials.caller(ctx);
        var errors = new RequestValidationError();
        var id = PydanticFields.pathUuid("feedback_item_id", ctx.pathParam("feedback_item_id"), errors);
        var request = FeedbackRequests.readPatch(FeedbackRequests.body(ctx.body(), errors), errors);
        errors.throwIfAny();
        var current = visible(principal, id);
        // kind names the feedback's slot, which a patch cannot move; the seed requires it in the body as the
        // item's kind, so another kind is refused the way a pydantic Literal discriminator refuses it.
        if (!current.name().equals(request.kind())) {
            errors.literal(TextNode.valueOf(request.kind()), current.name(), "body", "kind");
            errors.throwIfAny();
        }
        var actor = gate.admitChange(principal, () -> current); // a change is a write too
        ctx.json(FeedbackItem.write(feedback.patch(actor, id, request.patch())));
    }

    /** A tombstone; the seed's answer is "Empty", which a FastAPI route declared with 204 sends. */
    private void deleteItem(Context ctx) {
        var principal = Credentials.caller(ctx);
        var id = itemId(ctx);
        var current = visible(principal, id);
        var actor = gate.admitChange(principal, () -> current); // so is a delete
        feedback.delete(actor, id);
        ctx.status(204);
        // No body, so no Content-Type either (Javalin's default text/plain would describe nothing).
        ctx.res().setContentType(null);
    }

    /**
     * The seed's userId comes from the credentials: an end-user token's (or anonymous id's) author, so that two users
     * of one app each keep their own reaction; otherwise the key's id. The seed's userId is a uuid, and an item with
     * another one could not be read back here, so a token must be minted for the user's uuid.
     */
    private static String userIdOf(Principal principal) {
        if (!principal.isEndUser()) {
            return principal.keyId();
        }
        var author = principal.authorId();
        if (!io.feedbackhub.dialect.PydanticUuid.isCanonical(author)) {
            throw HttpFailure.forbidden("VirtuousAI's userId is a uuid, and this end-user token's author_id is not one (\"" + author
                    + "\"); mint the token (POST /v1/tokens) with the user's uuid as author_id");
        }
        return author;
    }

    private static String itemId(Context ctx) {
        var errors = new RequestValidationError();
        var id = PydanticFields.pathUuid("feedback_item_id", ctx.pathParam("feedback_item_id"), errors);
        errors.throwIfAny();
        return id;
    }

    /**
     * The live item as this caller may see it: another tenant's, a record this door cannot express, and for a
     * browser (publishable) key one it did not create, or for an end-user token one outside its author and target,
     * are all simply not found, as the core answers them.
     */
    private Feedback visible(Principal principal, String id) {
        var f = feedback.get(principal.tenantId(), id);
        boolean foreign = !WriteGate.mayChange(principal, f);
        if (foreign || !FeedbackItem.expressible(f)) {
            throw new NotFound("feedback", id);
        }
        return f;
    }

    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return FastApiErrors.unreadable(reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        // What this door words apart from the other FastAPI doors; the rest is theirs.
        if (failure instanceof InvalidInput e) {
            FastApiErrors.respond(fromCore(e), ctx, VENDOR_NAMES);
        } else if (failure instanceof IdempotencyConflict e) {
            // Not in the seed (it documents 422 only); 409 with FastAPI's HTTPException body is what a FastAPI
            // service answers for a conflict, and it tells the client that retrying cannot help.
            ctx.status(409).json(Json.MAPPER.createObjectNode().put("detail",
                    "clientFeedbackId was already used for feedback " + e.feedbackId()
                            + " with a different payload; use a new clientFeedbackId for a different write"));
        } else {
            FastApiErrors.respond(failure, ctx, VENDOR_NAMES);
        }
    }

    /**
     * The core's refusals of well-typed values (lengths, name pattern, feedback configs) at the vendor's field, as
     * what a pydantic validator raising ValueError reports ({@code value_error}); the other FastAPI doors report the
     * core's own code instead ({@link FastApiErrors}).
     */
    private static RequestValidationError fromCore(InvalidInput invalid) {
        var errors = new RequestValidationError();
        for (FieldError e : invalid.errors()) {
            var loc = RequestValidationError.locOf(e.field(), VENDOR_NAMES);
            if (e.code().equals("missing")) {
                errors.missing(null, loc);
            } else {
                errors.valueErrorWithoutInput(e.message(), loc);
            }
        }
        return errors;
    }
}
