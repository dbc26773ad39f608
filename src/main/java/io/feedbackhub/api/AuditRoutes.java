package io.feedbackhub.api;

import io.feedbackhub.audit.AuditEntry;
import io.feedbackhub.audit.AuditQuery;
import io.feedbackhub.audit.AuditTrail;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.Cursor;
import io.feedbackhub.http.QueryParameters;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** GET /v1/audit (admin keys): the tenant's audit log, newest first. It has no other method: entries cannot be changed. */
final class AuditRoutes {
    private static final Set<String> PARAMS = Set.of("actor_id", "method", "route", "target_id", "since", "until", "limit", "cursor");
    private static final int DEFAULT_LIMIT = 50;

    private final AuditTrail audit;

    AuditRoutes(AuditTrail audit) {
        this.audit = audit;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/audit", Access.ADMIN, this::list);
    }

    private void list(Context ctx) {
        var errors = new ArrayList<FieldError>();
        for (var name : ctx.queryParamMap().keySet()) {
            if (!PARAMS.contains(name)) {
                errors.add(new FieldError(name, "is not a known parameter; known: " + new TreeSet<>(PARAMS), "extra_forbidden"));
            }
        }
        var params = QueryParameters.of(ctx, QueryParameters.nativeWording(errors));
        var method = params.text("method");
        var query = new AuditQuery(Credentials.caller(ctx).tenantId(), params.text("actor_id"),
                method == null ? null : method.toUpperCase(Locale.ROOT), params.text("route"), params.text("target_id"),
                params.instant("since"), params.instant("until"), Cursor.decode(params.text("cursor")),
                params.integer("limit", 1, AuditQuery.MAX_LIMIT, DEFAULT_LIMIT));
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var page = audit.page(query);
        var body = Json.object();
        var items = body.putArray("items");
        page.items().forEach(e -> items.add(write(e)));
        body.put("next_cursor", Cursor.encode(page.nextAfter()));
        ctx.json(body);
    }

    private static ObjectNode write(AuditEntry e) {
        var o = Json.object().put("id", e.id()).put("at", FeedbackJson.iso(e.at()));
        o.putObject("actor").put("kind", e.actorKind()).put("id", e.actorId());
        o.put("door", e.door()).put("action", e.action()).put("method", e.method()).put("route", e.route())
                .put("target_id", e.targetId());
        var target = o.putObject("target");
        e.target().forEach(target::put);
        return o.put("status", e.status()).put("client_address", e.clientAddress()).put("user_agent", e.userAgent());
    }
}
