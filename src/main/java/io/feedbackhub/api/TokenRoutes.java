package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.HttpFailure;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.json.Json;
import io.feedbackhub.json.JsonFields;
import io.feedbackhub.auth.EndUserTokens;
import io.feedbackhub.auth.Principal;
import io.feedbackhub.core.AuthorScope;
import io.feedbackhub.core.FeedbackField;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackRules;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;

/**
 * POST /v1/tokens (secret keys): mints an end-user token for the browser; POST /v1/anonymous-id (publishable keys):
 * mints an anonymous id for one browser; and the confinement of a token's listing to its own author and target (what
 * a token's write may leave out is the write gate's, {@link io.feedbackhub.http.WriteGate#withTokenDefaults}).
 */
final class TokenRoutes {
    private static final Set<String> FIELDS = Set.of("author_id", "thread_id", "message_id", "name", "metadata", "source_surface",
            "ttl_seconds");
    /** Bound metadata travels in the token: a few dimensions (prompt_version, model, …) keep it well under MAX_TOKEN_CHARS. */
    static final int MAX_BOUND_METADATA = 8;

    private final EndUserTokens tokens;
    private final FeedbackReads reads;

    TokenRoutes(EndUserTokens tokens, FeedbackReads reads) {
        this.tokens = Objects.requireNonNull(tokens, "end-user tokens are wired in FeedbackHub");
        this.reads = reads;
    }

    void declare(RouteTable routes) {
        routes.post("/v1/tokens", Access.EDITOR, this::mint)
                .post("/v1/anonymous-id", Access.PUBLISHABLE_KEY, this::mintAnonymous);
    }

    /**
     * A browser's identity when nobody signed it in: a random author signed by the hub, which the browser keeps
     * (the widget in localStorage) and sends instead of the publishable key. Only it can change or undo the votes it
     * gave. A backend that knows its user mints an end-user token instead.
     */
    private void mintAnonymous(Context ctx) {
        var issued = tokens.mintAnonymous(Credentials.caller(ctx));
        ctx.status(201).json(Json.object()
                .put("anonymous_id", issued.token())
                .put("author_id", issued.claims().scope().authorId())
                .put("expires_at", issued.claims().expiresAt().toString()));
    }

    private void mint(Context ctx) {
        var principal = Credentials.caller(ctx);
        reads.admitUnfiltered(principal, "an end-user token");
        var in = JsonFields.of(Json.parse(ctx.body()));
        in.rejectUnknown(FIELDS);
        var author = in.requiredString("author_id");
        var thread = in.string("thread_id");
        var message = in.string("message_id");
        var name = in.string("name");
        var metadata = in.stringMap("metadata");
        var surface = in.string("source_surface");
        var ttl = in.number("ttl_seconds");
        in.throwIfInvalid();

        var errors = new ArrayList<FieldError>();
        id(errors, "author_id", author);
        id(errors, "thread_id", thread);
        id(errors, "message_id", message);
        if (name != null && !FeedbackRules.NAME.matcher(name).matches()) {
            errors.add(FieldError.of("name", "must be 1-100 characters of letters, digits, _ . : -, got \"" + name + "\""));
        }
        var bound = metadata == null ? java.util.Map.<String, String>of() : metadata;
        FeedbackRules.metadata(errors, bound);
        if (bound.size() > MAX_BOUND_METADATA) {
            errors.add(FieldError.of("metadata", "a token binds at most " + MAX_BOUND_METADATA + " metadata entries, got " + bound.size()));
        }
        if (surface != null && (surface.isEmpty() || surface.length() > FeedbackRules.MAX_SHORT_TEXT)) {
            errors.add(FieldError.of("source_surface", "must be 1-" + FeedbackRules.MAX_SHORT_TEXT + " characters, got " + surface.length()));
        }
        Duration lifetime = null;
        if (ttl != null) {
            long min = EndUserTokens.MIN_TTL.toSeconds();
            long max = EndUserTokens.MAX_TTL.toSeconds();
            if (ttl != Math.rint(ttl) || ttl < min || ttl > max) {
                errors.add(FieldError.of("ttl_seconds", "must be a whole number of seconds from " + min + " to " + max + ", got " + ttl));
            } else {
                lifetime = Duration.ofSeconds(ttl.longValue());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }

        var issued = tokens.mint(principal.tenantId(), principal.keyId(), new AuthorScope(author, thread, message, name, bound, surface), lifetime);
        var scope = issued.claims().scope();
        var body = Json.object()
                .put("token", issued.token())
                .put("expires_at", issued.claims().expiresAt().toString())
                .put("author_id", scope.authorId())
                .put("thread_id", scope.threadId())
                .put("message_id", scope.messageId())
                .put("name", scope.name());
        var boundMetadata = body.putObject("metadata");
        new java.util.TreeMap<>(scope.metadata()).forEach(boundMetadata::put);
        ctx.status(201).json(body.put("source_surface", scope.sourceSurface()));
    }

    private static void id(java.util.List<FieldError> errors, String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > FeedbackRules.MAX_ID_LENGTH)) {
            errors.add(FieldError.of(field, "must be 1-" + FeedbackRules.MAX_ID_LENGTH + " characters, got " + value.length()));
        }
    }

    /**
     * A token reads only its own author's live feedback on its target, which a widget needs to show the current
     * vote: the bound values are filled into the query; a query naming another author, thread, message or name is
     * refused; and a token bound to no thread or message must name a target itself.
     */
    static FeedbackQuery confined(FeedbackQuery q, Principal principal) {
        if (!principal.isEndUser()) {
            return q;
        }
        var scope = principal.endUser().scope();
        var filter = bound(q.filter(), FeedbackField.AUTHOR_ID, "author_id", scope.authorId());
        filter = bound(filter, FeedbackField.THREAD_ID, "thread_id", scope.threadId());
        filter = bound(filter, FeedbackField.MESSAGE_ID, "message_id", scope.messageId());
        filter = bound(filter, FeedbackField.NAME, "name", scope.name());
        if (filter.valuesOf(FeedbackField.THREAD_ID).isEmpty() && filter.valuesOf(FeedbackField.MESSAGE_ID).isEmpty()
                && filter.valuesOf(FeedbackField.TRACE_ID).isEmpty()) {
            throw new InvalidInput(new FieldError("message_id", "an end-user token not bound to a thread or message must name the "
                    + "target to read: message_id, thread_id or trace_id", "missing"));
        }
        return q.filtered(filter);
    }

    private static FeedbackFilter bound(FeedbackFilter filter, FeedbackField field, String name, String boundValue) {
        if (boundValue == null) {
            return filter;
        }
        var asked = filter.valuesOf(field);
        if (asked.isPresent() && !asked.get().equals(Set.of(boundValue))) {
            throw HttpFailure.forbidden("this end-user token may only read feedback with " + name + "=" + boundValue);
        }
        return asked.isPresent() ? filter : filter.is(field, boundValue);
    }
}
