package io.feedbackhub.audit;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One change, as the audit log keeps it: who (the key, or the end user a token or anonymous id speaks for), when,
 * what (the route's method and path template, with the ids in its path) and from where (client address, user agent).
 * The request body is not kept: it may carry secrets (webhook secrets, passwords) and feedback text the log must not
 * outlive.
 *
 * @param actorKind {@code key} or {@code end_user}
 * @param target    the route's path parameters ({@code {"id": "…"}}), in the order the template names them
 * @param status    the HTTP status the change was answered with (2xx: the log records changes that happened)
 */
public record AuditEntry(String id, String tenantId, Instant at, String actorKind, String actorId, String door,
                         String method, String route, Map<String, String> target, int status, String clientAddress,
                         String userAgent) {
    private static final Pattern FIRST_PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** The id a reader searches by: the value of the route's first path parameter, null for a route without one. */
    public String targetId() {
        var m = FIRST_PARAMETER.matcher(route);
        return m.find() ? target.get(m.group(1)) : null;
    }

    /** The action as a reader searches for it: {@code DELETE /v1/keys/{id}}. */
    public String action() {
        return method + " " + route;
    }
}
