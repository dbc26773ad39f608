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
import io.feedbackhub.core.Content;
import io.feedbackhub.core.ContentService;
import io.javalin.http.Context;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * /v1/contents: PUT names a retrieved chunk (title, source URL), GET reads one; GET on the collection lists them,
 * or, with {@code ids=a,b,c}, answers those of the given ids that are registered (what the dashboard needs to put
 * names on one table's rows in one request). A comma-separated list rather than a repeated parameter because
 * OpenAPI tooling reads a single string reliably; an id with a comma in it is read on its own.
 */
final class ContentRoutes {
    private final ContentService contents;

    ContentRoutes(ContentService contents) {
        this.contents = contents;
    }

    void declare(RouteTable routes) {
        routes.put("/v1/contents/{id}", Access.EDITOR, this::put);
        routes.get("/v1/contents/{id}", Access.VIEWER, ctx -> ctx.json(content(contents.get(tenant(ctx), ctx.pathParam("id")))));
        routes.get("/v1/contents", Access.VIEWER, this::list);
    }

    private String tenant(Context ctx) {
        return Credentials.caller(ctx).tenantId();
    }

    private void put(Context ctx) {
        var tenant = tenant(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("title", "source_url", "metadata"));
        var title = in.string("title");
        var sourceUrl = in.string("source_url");
        var metadata = in.stringMap("metadata");
        in.throwIfInvalid();
        ctx.json(content(contents.put(tenant, ctx.pathParam("id"), title, sourceUrl, metadata)));
    }

    private void list(Context ctx) {
        var tenant = tenant(ctx);
        var ids = ctx.queryParam("ids");
        if (ids != null) {
            var wanted = new LinkedHashSet<String>();
            for (var id : ids.split(",", -1)) {
                if (!id.isEmpty()) {
                    wanted.add(id);
                }
            }
            var found = contents.getAll(tenant, wanted);
            ctx.json(FeedbackRoutes.pageBody(found.stream().map(ContentRoutes::content).toList(), null));
            return;
        }
        var page = contents.list(tenant, Cursor.decode(ctx.queryParam("cursor")), QueryParams.limitOnly(ctx));
        ctx.json(FeedbackRoutes.pageBody(page.items().stream().map(ContentRoutes::content).toList(), page.nextAfter()));
    }

    static ObjectNode content(Content c) {
        var o = Json.object().put("id", c.id()).put("title", c.title()).put("source_url", c.sourceUrl());
        var metadata = o.putObject("metadata");
        new TreeMap<>(c.metadata()).forEach(metadata::put);
        o.put("text", c.text());
        return o.put("created_at", FeedbackJson.iso(c.createdAt())).put("updated_at", FeedbackJson.iso(c.updatedAt()));
    }
}
