package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.core.Agent;
import io.feedbackhub.core.ChatThread;
import io.feedbackhub.core.Message;
import io.feedbackhub.core.RegistryService;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** /v1/agents, /v1/threads, /v1/messages: PUT upserts by id, GET reads one, GET on the collection lists. */
final class RegistryRoutes {
    private final RegistryService registry;

    RegistryRoutes(RegistryService registry) {
        this.registry = registry;
    }

    void declare(RouteTable routes) {
        routes.put("/v1/agents/{id}", Access.EDITOR, this::putAgent);
        routes.get("/v1/agents/{id}", Access.VIEWER, ctx -> ctx.json(agent(registry.agent(tenant(ctx), ctx.pathParam("id")))));
        routes.get("/v1/agents", Access.VIEWER, ctx -> {
            var page = registry.agents(tenant(ctx), Cursor.decode(ctx.queryParam("cursor")), QueryParams.limitOnly(ctx));
            ctx.json(FeedbackRoutes.pageBody(page.items().stream().map(RegistryRoutes::agent).toList(), page.nextAfter()));
        });
        routes.put("/v1/threads/{id}", Access.EDITOR, this::putThread);
        routes.get("/v1/threads/{id}", Access.VIEWER, ctx -> ctx.json(thread(registry.thread(tenant(ctx), ctx.pathParam("id")))));
        routes.get("/v1/threads", Access.VIEWER, ctx -> {
            var page = registry.threads(tenant(ctx), ctx.queryParam("agent_id"), Cursor.decode(ctx.queryParam("cursor")), QueryParams.limitOnly(ctx));
            ctx.json(FeedbackRoutes.pageBody(page.items().stream().map(RegistryRoutes::thread).toList(), page.nextAfter()));
        });
        routes.put("/v1/messages/{id}", Access.EDITOR, this::putMessage);
        routes.get("/v1/messages/{id}", Access.VIEWER, ctx -> ctx.json(message(registry.message(tenant(ctx), ctx.pathParam("id")))));
        routes.get("/v1/messages", Access.VIEWER, ctx -> {
            var page = registry.messages(tenant(ctx), ctx.queryParam("thread_id"), Cursor.decode(ctx.queryParam("cursor")), QueryParams.limitOnly(ctx));
            ctx.json(FeedbackRoutes.pageBody(page.items().stream().map(RegistryRoutes::message).toList(), page.nextAfter()));
        });
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private void putAgent(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("name", "description", "metadata"));
        var name = in.string("name");
        var description = in.string("description");
        var metadata = in.stringMap("metadata");
        in.throwIfInvalid();
        ctx.json(agent(registry.putAgent(tenant, ctx.pathParam("id"), name, description, metadata)));
    }

    private void putThread(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("agent_id", "title", "metadata"));
        var agentId = in.string("agent_id");
        var title = in.string("title");
        var metadata = in.stringMap("metadata");
        in.throwIfInvalid();
        ctx.json(thread(registry.putThread(tenant, ctx.pathParam("id"), agentId, title, metadata)));
    }

    private void putMessage(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("thread_id", "role", "prompt", "content", "model", "metadata"));
        var threadId = in.string("thread_id");
        var role = in.string("role");
        var prompt = in.string("prompt");
        var content = in.string("content");
        var model = in.string("model");
        var metadata = in.stringMap("metadata");
        in.throwIfInvalid();
        ctx.json(message(registry.putMessage(tenant, ctx.pathParam("id"), threadId, role, prompt, content, model, metadata)));
    }

    static ObjectNode agent(Agent a) {
        var o = Json.object().put("id", a.id()).put("name", a.name()).put("description", a.description());
        putMetadata(o, a.metadata());
        return o.put("created_at", FeedbackJson.iso(a.createdAt())).put("updated_at", FeedbackJson.iso(a.updatedAt()));
    }

    static ObjectNode thread(ChatThread t) {
        var o = Json.object().put("id", t.id()).put("agent_id", t.agentId()).put("title", t.title());
        putMetadata(o, t.metadata());
        return o.put("created_at", FeedbackJson.iso(t.createdAt())).put("updated_at", FeedbackJson.iso(t.updatedAt()));
    }

    static ObjectNode message(Message m) {
        var o = Json.object().put("id", m.id()).put("thread_id", m.threadId()).put("role", m.role())
                .put("prompt", m.prompt()).put("content", m.content()).put("model", m.model());
        putMetadata(o, m.metadata());
        o.put("created_at", FeedbackJson.iso(m.createdAt())).put("updated_at", FeedbackJson.iso(m.updatedAt()));
        if (m.trace() != null) { // recorded from a trace, by any tracing door (docs/context.md)
            var t = m.trace();
            o.putObject("trace").put("trace_id", t.traceId()).put("span_id", t.spanId()).put("user_id", t.userId())
                    .put("input_tokens", t.inputTokens()).put("output_tokens", t.outputTokens())
                    .put("latency_ms", t.latencyMs()).put("error", t.error()).put("finish_reasons", t.finishReasons())
                    .put("started_at", t.startedAt() == null ? null : FeedbackJson.iso(t.startedAt()))
                    .put("ended_at", t.endedAt() == null ? null : FeedbackJson.iso(t.endedAt()));
        }
        return o;
    }

    private static void putMetadata(ObjectNode o, Map<String, String> metadata) {
        var node = o.putObject("metadata");
        new TreeMap<>(metadata).forEach(node::put);
    }
}
