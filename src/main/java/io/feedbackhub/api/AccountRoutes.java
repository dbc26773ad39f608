package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RateLimiter;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.SessionCookies;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.people.People;
import io.feedbackhub.people.SessionInfo;
import io.feedbackhub.people.Sessions;
import io.javalin.http.Context;

import java.util.Set;

/**
 * The signed-in person's own account: {@code POST /v1/me/password}, {@code GET /v1/me/sessions} and
 * {@code DELETE /v1/me/sessions/{id}}. Only a session has a person: an API key is answered 422, as for sign-out. Wrong
 * current passwords count against the same limit as failed sign-ins, per person.
 */
final class AccountRoutes {
    private final People people;
    private final Sessions sessions;
    private final RateLimiter loginLimits;

    AccountRoutes(People people, Sessions sessions, RateLimiter loginLimits) {
        this.people = people;
        this.sessions = sessions;
        this.loginLimits = loginLimits;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/me/password", Access.VIEWER, this::changePassword)
                .get("/v1/me/sessions", Access.VIEWER, this::list)
                .delete("/v1/me/sessions/{id}", Access.VIEWER, this::end);
    }

    private void changePassword(Context ctx) {
        var caller = person(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("current_password", "new_password"));
        var current = in.requiredString("current_password");
        var next = in.requiredString("new_password");
        in.throwIfInvalid();
        var bucket = "person:" + caller.person().personId();
        loginLimits.checkAuthFailures(bucket);
        if (!people.changePassword(caller.tenantId(), caller.person().personId(), current, next, caller.person().sessionId())) {
            loginLimits.authFailed(bucket);
            throw new InvalidInput(FieldError.of("current_password", "is not your current password"));
        }
        ctx.status(204);
    }

    private void list(Context ctx) {
        var caller = person(ctx);
        var body = Json.object();
        var items = body.putArray("items");
        sessions.of(caller.tenantId(), caller.person()).forEach(s -> items.add(write(s, caller.person().sessionId())));
        ctx.json(body);
    }

    /** Ending the current session is a sign-out: its cookie is cleared too. */
    private void end(Context ctx) {
        var caller = person(ctx);
        var id = ctx.pathParam("id");
        sessions.end(caller.tenantId(), caller.person(), id);
        if (id.equals(caller.person().sessionId())) {
            SessionCookies.clear(ctx);
        }
        ctx.status(204);
    }

    private static Principal person(Context ctx) {
        var caller = Credentials.caller(ctx);
        if (!caller.isPerson()) {
            throw new InvalidInput(FieldError.of("session", "this request was made with an API key, not a session: it has no account of its own"));
        }
        return caller;
    }

    private static ObjectNode write(SessionInfo s, String currentId) {
        return Json.object().put("id", s.id()).put("created_at", FeedbackJson.iso(s.createdAt()))
                .put("last_seen_at", FeedbackJson.iso(s.lastSeenAt())).put("expires_at", FeedbackJson.iso(s.expiresAt()))
                .put("user_agent", s.userAgent()).put("address", s.clientAddress()).put("current", s.id().equals(currentId));
    }
}
