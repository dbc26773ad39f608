package io.feedbackhub.app;

import io.feedbackhub.audit.AuditTrail;
import io.feedbackhub.audit.AuditedRequests;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.ops.LoggedPaths;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * After a door's handler, before its answer leaves: the change goes to the audit log when {@link AuditedRequests}
 * covers it. The route template and its path parameters are read before the handler ({@link #remember}): in an
 * after-handler Javalin reports the after-handler's own path.
 */
final class AuditedChanges {
    private static final Logger log = LoggerFactory.getLogger(AuditedChanges.class);
    private static final String MATCHED = "feedbackhub.audit.matched";

    private record Matched(String route, Map<String, String> pathParams) {
    }

    private AuditedChanges() {
    }

    static void remember(Context ctx) {
        ctx.attribute(MATCHED, new Matched(LoggedPaths.route(ctx), Map.copyOf(ctx.pathParamMap())));
    }

    /**
     * The change has committed: a failure to write its entry is logged, and the caller still gets the change's answer
     * (answering 503 for a change that happened would invite a retry of something done).
     */
    static void record(AuditTrail audit, Context ctx, String door) {
        Matched matched = ctx.attribute(MATCHED);
        if (matched == null || !AuditedRequests.covers(ctx.method(), matched.route(), ctx.statusCode())) {
            return;
        }
        Credentials.principalOf(ctx).ifPresent(caller -> {
            try {
                audit.record(caller, door, ctx.method().name(), matched.route(), matched.pathParams(), ctx.statusCode(),
                        ctx.userAgent());
            } catch (RuntimeException e) {
                log.error("audit entry lost: tenant={} method={} route={} target={}", caller.tenantId(), ctx.method(),
                        matched.route(), matched.pathParams(), e);
            }
        });
    }
}
