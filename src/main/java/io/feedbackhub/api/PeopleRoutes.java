package io.feedbackhub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.auth.Tenant;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RateLimiter;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.SessionCookies;
import io.feedbackhub.json.FeedbackJson;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.people.IssuedInvitation;
import io.feedbackhub.people.IssuedSession;
import io.feedbackhub.people.People;
import io.feedbackhub.people.Person;
import io.feedbackhub.people.Sessions;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sign-in, sign-out and the people of the caller's tenant: {@code /v1/auth/*}, {@code /v1/me}, {@code /v1/users},
 * {@code /v1/invitations}. Failed sign-ins are limited per email and per client address ({@code loginLimits}), before
 * any password is hashed.
 */
final class PeopleRoutes {
    private final People people;
    private final Sessions sessions;
    private final KeyService keys;
    private final RateLimiter loginLimits;
    private final Supplier<String> publicUrl;

    PeopleRoutes(People people, Sessions sessions, KeyService keys, RateLimiter loginLimits, Supplier<String> publicUrl) {
        this.people = people;
        this.sessions = sessions;
        this.keys = keys;
        this.loginLimits = loginLimits;
        this.publicUrl = publicUrl;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/auth/login", Access.OPEN, this::login)
                .post("/v1/auth/logout", Access.VIEWER, this::logout)
                .get("/v1/me", Access.VIEWER, this::me)
                .get("/v1/users", Access.ADMIN, this::list)
                .post("/v1/users", Access.ADMIN, this::create)
                .patch("/v1/users/{id}", Access.ADMIN, this::changeRole)
                .delete("/v1/users/{id}", Access.ADMIN, this::remove)
                .get("/v1/invitations", Access.ADMIN, this::pending)
                .post("/v1/invitations", Access.ADMIN, this::invite)
                .post("/v1/invitations/{token}/accept", Access.OPEN, this::accept);
    }

    private void login(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("email", "password"));
        var email = in.requiredString("email");
        var password = in.requiredString("password");
        in.throwIfInvalid();
        var address = Credentials.clientAddress(ctx);
        var emailBucket = "email:" + email.strip().toLowerCase(Locale.ROOT);
        loginLimits.checkAuthFailures("address:" + address);
        loginLimits.checkAuthFailures(emailBucket);
        var person = people.signIn(email, password);
        if (person.isEmpty()) {
            loginLimits.authFailed("address:" + address);
            loginLimits.authFailed(emailBucket);
            throw HttpFailure.unauthorized("the email or the password is wrong");
        }
        signedIn(ctx, sessions.open(person.get(), address, ctx.userAgent()), 200);
    }

    private void signedIn(Context ctx, IssuedSession session, int status) {
        SessionCookies.set(ctx, session);
        ctx.status(status).json(Json.object().<ObjectNode>set("user", write(session.person()))
                .put("csrf_token", session.csrfToken()).put("expires_at", FeedbackJson.iso(session.expiresAt())));
    }

    private void logout(Context ctx) {
        var caller = Credentials.caller(ctx);
        if (!caller.isPerson()) {
            throw new InvalidInput(FieldError.of("session", "this request was made with an API key, not a session: nothing to sign out"));
        }
        sessions.close(caller.person().sessionId());
        SessionCookies.clear(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        var caller = Credentials.caller(ctx);
        var tenant = keys.tenants().stream().filter(t -> t.id().equals(caller.tenantId())).findFirst()
                .orElse(new Tenant(caller.tenantId(), caller.tenantId(), null));
        var body = Json.object();
        if (caller.isPerson()) {
            body.set("user", write(people.person(caller.tenantId(), caller.person().personId())));
            body.put("csrf_token", caller.person().csrfToken());
        } else {
            body.putNull("user");
            body.put("key_id", caller.keyId());
        }
        body.putObject("tenant").put("id", tenant.id()).put("name", tenant.name());
        body.put("role", caller.teamRole().wire());
        ctx.json(body);
    }

    private void list(Context ctx) {
        var body = Json.object();
        var items = body.putArray("items");
        people.list(Credentials.caller(ctx).tenantId()).forEach(p -> items.add(write(p)));
        ctx.json(body);
    }

    /** With a password, a local account usable at once; without, an invitation (201 either way). */
    private void create(Context ctx) {
        var caller = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("email", "name", "role", "password"));
        var email = in.requiredString("email");
        var name = in.string("name");
        var roleText = in.requiredString("role");
        var password = in.string("password");
        in.throwIfInvalid();
        var role = role(roleText);
        if (password == null) {
            inviteAnswer(ctx, people.invite(caller.tenantId(), email, role, caller.keyId(), caller.teamRole()));
            return;
        }
        ctx.status(201).json(write(people.addWithPassword(caller.tenantId(), email, name, role, password, caller.teamRole())));
    }

    private void invite(Context ctx) {
        var caller = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("email", "role"));
        var email = in.requiredString("email");
        var roleText = in.requiredString("role");
        in.throwIfInvalid();
        inviteAnswer(ctx, people.invite(caller.tenantId(), email, role(roleText), caller.keyId(), caller.teamRole()));
    }

    /** Pending invitations; their links are not kept (only their hashes), so none is in the answer. */
    private void pending(Context ctx) {
        var body = Json.object();
        var items = body.putArray("items");
        for (var i : people.pendingInvitations(Credentials.caller(ctx).tenantId())) {
            items.add(Json.object().put("email", i.email()).put("role", i.role().wire()).put("invited_by", i.invitedBy())
                    .put("created_at", FeedbackJson.iso(i.createdAt())).put("expires_at", FeedbackJson.iso(i.expiresAt())));
        }
        ctx.json(body);
    }

    private void inviteAnswer(Context ctx, IssuedInvitation invitation) {
        ctx.status(201).json(Json.object().<ObjectNode>set("invitation", Json.object().put("email", invitation.email())
                .put("role", invitation.role().wire()).put("expires_at", FeedbackJson.iso(invitation.expiresAt()))
                .put("token", invitation.token()).put("link", invitation.link(publicUrl.get()))));
    }

    /** Accepting signs the new person in at once. */
    private void accept(Context ctx) {
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("email", "name", "password"));
        var email = in.string("email");
        var name = in.string("name");
        var password = in.requiredString("password");
        in.throwIfInvalid();
        var person = people.accept(ctx.pathParam("token"), email, name, password);
        signedIn(ctx, sessions.open(person, Credentials.clientAddress(ctx), ctx.userAgent()), 201);
    }

    private void changeRole(Context ctx) {
        var caller = Credentials.caller(ctx);
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(Set.of("role"));
        var roleText = in.requiredString("role");
        in.throwIfInvalid();
        ctx.json(write(people.setRole(caller.tenantId(), ctx.pathParam("id"), role(roleText), caller.teamRole())));
    }

    private void remove(Context ctx) {
        Principal caller = Credentials.caller(ctx);
        people.remove(caller.tenantId(), ctx.pathParam("id"), caller.teamRole());
        ctx.status(204);
    }

    private static TeamRole role(String text) {
        return TeamRole.parse(text).orElseThrow(() -> new InvalidInput(
                FieldError.of("role", "must be one of owner, admin, editor, viewer, got \"" + text + "\"")));
    }

    static ObjectNode write(Person p) {
        return Json.object().put("id", p.id()).put("email", p.email()).put("name", p.name()).put("role", p.role().wire())
                .put("created_at", FeedbackJson.iso(p.createdAt()));
    }
}
