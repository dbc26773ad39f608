package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.ApiKey;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Role;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** /v1/keys (admin keys only): issue, list, revoke keys of the caller's tenant, and change a publishable key's origins. */
final class KeyRoutes {
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+");
    private final KeyService keys;

    KeyRoutes(KeyService keys) {
        this.keys = keys;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/keys", Access.ADMIN, this::issue);
        routes.get("/v1/keys", Access.ADMIN, ctx -> {
            var tenant = Credentials.caller(ctx).tenantId();
            var body = Json.object();
            var items = body.putArray("items");
            keys.list(tenant).forEach(k -> items.add(write(k)));
            ctx.json(body);
        });
        routes.patch("/v1/keys/{id}", Access.ADMIN, this::changeOrigins);
        routes.delete("/v1/keys/{id}", Access.ADMIN, ctx -> {
            var tenant = Credentials.caller(ctx).tenantId();
            keys.revoke(tenant, ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private void issue(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("role", "name", "allowed_origins"));
        var roleText = in.requiredString("role");
        var name = in.string("name");
        var origins = in.strings("allowed_origins");
        in.throwIfInvalid();
        var role = Role.parse(roleText).orElseThrow(() -> new InvalidInput(
                FieldError.of("role", "must be one of admin, secret, publishable, got \"" + roleText + "\"")));
        if (role == Role.PUBLISHABLE) {
            requireOrigins(origins);
        }
        if (name != null && name.length() > 200) {
            throw new InvalidInput(FieldError.of("name", "must be at most 200 characters"));
        }
        var issued = keys.issue(tenant, role, name, origins == null ? List.of() : origins);
        ctx.status(201).json(write(issued.key()).put("secret", issued.secret()));
    }

    private void changeOrigins(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("allowed_origins"));
        var origins = in.strings("allowed_origins");
        in.throwIfInvalid();
        requireOrigins(origins);
        ctx.json(write(keys.setAllowedOrigins(tenant, ctx.pathParam("id"), origins)));
    }

    /** Origins are compared with the browser's Origin header as strings, so one with a path or a trailing slash would never match. */
    private static void requireOrigins(List<String> origins) {
        if (origins == null || origins.isEmpty()) {
            throw new InvalidInput(new FieldError("allowed_origins",
                    "a publishable key needs the origins it may be used from, e.g. [\"https://app.example.com\"] (or [\"*\"])", "missing"));
        }
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < origins.size(); i++) {
            var origin = origins.get(i);
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                errors.add(FieldError.of("allowed_origins[" + i + "]", "must be an origin as browsers send it, scheme://host[:port] "
                        + "without path or trailing slash (e.g. \"https://app.example.com\"), or \"*\"; got \"" + origin + "\""));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    static ObjectNode write(ApiKey k) {
        var o = Json.object().put("id", k.id()).put("role", k.role().wire()).put("name", k.name())
                .put("prefix", k.prefix());
        k.allowedOrigins().forEach(o.putArray("allowed_origins")::add);
        return o.put("created_at", FeedbackJson.iso(k.createdAt())).put("revoked_at", FeedbackJson.iso(k.revokedAt()));
    }
}
