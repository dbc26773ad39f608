package io.feedbackhub.audit;

import io.javalin.http.HandlerType;

import java.util.List;

/**
 * Which requests the audit log records, declared once: a successful change to what governs a tenant (keys, feedback
 * configs, alerts, webhooks, review queues, people and settings), and every delete and purge of any door. Feedback
 * writes, message registration and review leases are the hub's traffic, not changes to it: their own history
 * ({@code /v1/feedback/{id}/history}) and the webhook outbox already say who wrote what.
 */
public final class AuditedRequests {
    /** Route templates below these prefixes are audited on every method but GET and HEAD. */
    static final List<String> GOVERNING = List.of("/v1/keys", "/v1/feedback-configs", "/v1/alerts", "/v1/webhooks",
            "/v1/users", "/v1/invitations", "/v1/settings", "/v1/tenants");

    private AuditedRequests() {
    }

    public static boolean covers(HandlerType method, String route, int status) {
        if (status < 200 || status >= 300 || method == HandlerType.GET || method == HandlerType.HEAD
                || method == HandlerType.OPTIONS) {
            return false;
        }
        return method == HandlerType.DELETE
                || route.endsWith("/purge")
                || route.equals("/v1/review-queues")
                || GOVERNING.stream().anyMatch(prefix -> route.equals(prefix) || route.startsWith(prefix + "/"));
    }
}
