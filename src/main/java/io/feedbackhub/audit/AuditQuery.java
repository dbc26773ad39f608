package io.feedbackhub.audit;

import java.time.Instant;

/**
 * A page of one tenant's audit log, newest first. Every filter is optional (null): the actor's id, the method, a
 * route template ({@code /v1/keys/{id}}), a target id (any path parameter's value) and a time range, half open.
 */
public record AuditQuery(String tenantId, String actorId, String method, String route, String targetId,
                         Instant since, Instant until, String beforeId, int limit) {
    public static final int MAX_LIMIT = 500;
}
