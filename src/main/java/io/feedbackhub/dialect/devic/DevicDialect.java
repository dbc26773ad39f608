package io.feedbackhub.dialect.devic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackDraft;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.Order;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.core.Source;
import io.feedbackhub.core.Target;
import io.feedbackhub.http.Cors;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.http.Door;
import io.feedbackhub.http.UnreadableRequest;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Predicate;

/**
 * Devic's Feedback API (seed 003) under {@code /compat/devic}: submit and list feedback on assistant chats and
 * agent threads, answered in Devic's {@code {success, data}} envelope. Devic's clients cannot register
 * conversations, so a first feedback on an unknown chat registers it, owned by the assistant that named it (an
 * unknown agent thread is registered without an agent); a chat of another assistant stays the seed's 404. A tenant
 * with strict conversations ({@code FEEDBACK_HUB_DEVIC_STRICT_CONVERSATIONS}) registers them first through the native
 * API ({@code PUT /v1/threads/{id}} with {@code agent_id}), and an unknown one is the seed's 404 (see {@link Conversation}).
 */
public final class DevicDialect implements Door {
    private static final Logger log = LoggerFactory.getLogger(DevicDialect.class);
    static final String PREFIX = "/compat/devic";
    static final String CHAT_PATH = "/api/v1/assistants/{identifier}/chats/{chatUid}/feedback";
    static final String THREAD_PATH = "/api/v1/agents/threads/{threadId}/feedback";
    /** Devic's clients send {@code Authorization: Bearer devic-...} (seed 003, every example). */
    private static final Credentials.Source[] KEY_HEADERS = {Credentials.Source.AUTHORIZATION};

    private final FeedbackService feedback;
    private final RegistryService registry;
    private final Credentials credentials;
    private final WriteGate gate;
    private final Predicate<String> strictTenants;

    /** {@code strictTenants}: whether a tenant keeps strict conversations (no registration by feedback). */
    public DevicDialect(FeedbackService feedback, RegistryService registry, Credentials credentials, WriteGate gate, Predicate<String> strictTenants) {
        this.feedback = feedback;
        this.registry = registry;
        this.credentials = credentials;
        this.gate = gate;
        this.strictTenants = strictTenants;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void declare(RouteTable routes) {
        routes.post(PREFIX + CHAT_PATH, Access.ANY_CALLER, ctx -> submit(ctx, Credentials.caller(ctx), this::chatToWrite))
                .get(PREFIX + CHAT_PATH, Access.SECRET, ctx -> list(ctx, Credentials.caller(ctx), this::chatOf))
                .post(PREFIX + THREAD_PATH, Access.ANY_CALLER, ctx -> submit(ctx, Credentials.caller(ctx), this::threadToWrite))
                .get(PREFIX + THREAD_PATH, Access.SECRET, ctx -> list(ctx, Credentials.caller(ctx), this::threadOf));
    }

    @Override
    public Principal authenticate(Context ctx) {
        return credentials.require(ctx, KEY_HEADERS);
    }

    /** devicui calls these routes from the browser with its Bearer key. */
    @Override
    public Cors cors() {
        return Cors.of(KEY_HEADERS, List.of(), "GET", "POST");
    }

    @Override
    public UnreadableRequest unreadable(int status, String title, String reason) {
        return DevicErrors.unreadable(status, reason);
    }

    @Override
    public void respondToFailure(Throwable failure, Context ctx) {
        DevicErrors.respond(failure, ctx);
    }

    private interface Lookup {
        Conversation find(Context ctx, String tenantId);
    }

    private Conversation chatOf(Context ctx, String tenantId) {
        return Conversation.chat(registry, tenantId, ctx.pathParam("identifier"), ctx.pathParam("chatUid"));
    }

    private Conversation chatToWrite(Context ctx, String tenantId) {
        return Conversation.chatToWrite(registry, tenantId, ctx.pathParam("identifier"), ctx.pathParam("chatUid"),
                strictTenants.test(tenantId));
    }

    private Conversation threadOf(Context ctx, String tenantId) {
        return Conversation.thread(registry, tenantId, ctx.pathParam("threadId"), strictTenants.test(tenantId));
    }

    private Conversation threadToWrite(Context ctx, String tenantId) {
        return Conversation.threadToWrite(registry, tenantId, ctx.pathParam("threadId"), strictTenants.test(tenantId));
    }

    /** Auth, then the body, then the chat/thread: the order a NestJS service (guards, pipes, handler) answers in. */
    private void submit(Context ctx, Principal principal, Lookup lookup) {
        var request = DevicFeedbackRequest.read(ctx.body());
        var conversation = lookup.find(ctx, principal.tenantId());
        var draft = new FeedbackDraft(
                new Target(conversation.agentId(), conversation.threadId(), request.messageId(), null, null, null),
                FeedbackDraft.DEFAULT_NAME, request.label(), null, request.feedbackComment(), null, null,
                request.feedbackData(), null, null, null, Source.USER, null, null);
        var outcome = feedback.upsert(gate.admit(principal), draft);
        // Created and updated alike answer 200: the seed shows no other success status for this upsert.
        ctx.status(200).json(DevicFeedbackJson.envelope(DevicFeedbackJson.item(outcome.feedback(), conversation)));
    }

    /**
     * Every entry of the conversation in creation order (the seed's example lists oldest first). Devic keeps one
     * entry per message, and its clients key entries by requestId, so only the slots this door writes are listed
     * ({@link Conversation#entries}). Other feedback on the thread stays readable through the native API.
     */
    private void list(Context ctx, Principal principal, Lookup lookup) {
        var conversation = lookup.find(ctx, principal.tenantId());
        ArrayNode data = Json.MAPPER.createArrayNode();
        boolean more = feedback.scan(principal.tenantId(), conversation.entries(), Order.OLDEST_FIRST, FeedbackService.MAX_UNPAGED,
                f -> data.add(DevicFeedbackJson.item(f, conversation)));
        if (more) {
            log.warn("tenant {} conversation {}: more than {} entries, the listing holds the oldest {}", principal.tenantId(),
                    conversation.threadId(), FeedbackService.MAX_UNPAGED, FeedbackService.MAX_UNPAGED);
        }
        ctx.status(200).json(DevicFeedbackJson.envelope(data));
    }
}
