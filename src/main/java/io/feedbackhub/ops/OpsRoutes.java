package io.feedbackhub.ops;

import io.feedbackhub.store.Database;
import io.javalin.Javalin;

/** Liveness, readiness and metrics, for load balancers and Prometheus; no key needed. */
public final class OpsRoutes {
    private final Database database;
    private final Metrics metrics;

    public OpsRoutes(Database database, Metrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    public void register(Javalin app) {
        app.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        app.get("/readyz", ctx -> {
            if (database.writable()) {
                ctx.json(java.util.Map.of("status", "ready", "store", database.kind().name().toLowerCase(java.util.Locale.ROOT)));
            } else {
                ctx.status(503).header("Retry-After", "5").json(java.util.Map.of("status", "unavailable",
                        "reason", "the store cannot write now: " + database.failure().orElse("the database does not answer")));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
