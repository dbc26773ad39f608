package io.feedbackhub.dialect.scale;

import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.Slot;
import io.feedbackhub.dialect.FastApiErrors;
import io.feedbackhub.http.Cors;
import io.feedbackhub.http.Credentials.Source;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.Map;
import java.util.stream.Stream;

/**
 * Scale GenAI Platform (EGP API v4, seed 000) under {@code /compat/scale}: the SDK {@code scale_gp} works with
 * {@code base_url="http://HOST/compat/scale"}. One feedback per thread entry, upserted by PUT and undone by the
 * SDK's DELETE (which the seed does not list). Unknown threads need no registration: the core registers the
 * thread with the write.
 */
public final class ScaleDialect implements Door {
    private static final String PATH = "/compat/scale/v4/threads/{thread_id}/messages/{application_interaction_id}/feedback";

    /**
     * The SDK always sends {@code x-api-key} (seed says {@code security: []}, but the client will not start
     * without a key); Bearer is accepted too for hand-written clients. The SDK's {@code x-selected-account-id}
     * is accepted and ignored: the key alone decides the tenant, so no header can reach another one.
     */
    private static final Source[] KEY_HEADERS = {Source.X_API_KEY, Source.AUTHORIZATION};

    /** Native field names in core errors (limits such as comment length) → Scale's names. */
    private static final Map<String, String> VENDOR_NAMES = Map.of(
            "comment", "description",
            "label", "sentiment",
            "thread_id", "chat_thread_id",
            "message_id", "application_interaction_id");

    private final FeedbackService feedback;
    private final Credentials credentials;
    private final WriteGate gate;

    /** {@code registry} is unused: threads are registered by the core with the write, and Scale reads none back. */
    public ScaleDialect(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate) {
        this.feedback = feedback;
        this.credentials = credentials;
        this.gate = gate;
    }

    @Override
    public String prefix() {
        return "/compat/scale";
    }

    @Override
    public void declare(RouteTable routes) {
        routes.put(PATH, Access.ANY_CALLER, this::put)
                .delete(PATH, Access.ANY_CALLER, this::delete);
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    /**
     * Created, updated and replayed all answer 200 with the record: the seed documents only 200 for this
     * upsert, and the SDK retries 409, so a second PUT to the same entry must never be a conflict.
     */
    private void put(Context ctx) {
        var request = ChatThreadFeedbackRequest.read(ctx.body(), ctx.pathParam("thread_id"),
                ctx.pathParam("application_interaction_id"));
        var draft = request.toDraft();
        var outcome = feedback.upsert(gate.admit(Credentials.caller(ctx)), draft);
        ctx.status(200).json(ChatThreadFeedbackResponse.of(outcome.feedback()).toJson());
    }

    /**
     * Undo. The SDK's {@code feedback.delete} casts the answer to a plain {@code object}, so any JSON is
     * accepted: 200 with the removed feedback in the PUT's shape, or 200 {@code {}} when the entry holds none.
     * Not 404 for an empty entry: the SDK retries timeouts and 5xx, and a retry after a lost answer must not
     * turn a done undo into an error.
     */
    private void delete(Context ctx) {
        var target = ChatThreadFeedbackRequest.target(ctx.pathParam("thread_id"), ctx.pathParam("application_interaction_id"));
        var actor = gate.admit(Credentials.caller(ctx)); // an undo is a write too
        var removed = feedback.removeSlot(actor, Slot.of(target, FeedbackDraft.DEFAULT_NAME, null));
        ctx.status(200).json(removed.map(f -> ChatThreadFeedbackResponse.of(f).toJson())
                .orElseGet(Json.MAPPER::createObjectNode));
    }

    /** The TypeScript SDK ({@code scale-gp}, Stainless) in a browser: its key, account and SDK headers. */
    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, Stream.concat(Stream.of("X-Selected-Account-Id"), Cors.STAINLESS_HEADERS.stream()).toList(),
                "PUT", "DELETE");
    }

    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return FastApiErrors.unreadable(reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        FastApiErrors.respond(failure, ctx, VENDOR_NAMES);
    }
}
