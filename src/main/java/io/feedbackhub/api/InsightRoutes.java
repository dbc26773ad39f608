package io.feedbackhub.api;

import io.feedbackhub.http.Credentials;
import io.feedbackhub.insight.Insight;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;

/** /v1/stats, /v1/stats/compare and /v1/stats/consistency: read-only, secret keys only. */
final class InsightRoutes {
    /** The consistency check lists this many differences at most; the count is always complete. */
    static final int MISMATCHES_SHOWN = 20;

    private final Insight insight;
    private final Credentials credentials;
    private final Clock clock;

    InsightRoutes(Insight insight, Credentials credentials, Clock clock) {
        this.insight = insight;
        this.credentials = credentials;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/v1/stats", this::stats);
        app.get("/v1/stats/compare", this::compare);
        app.get("/v1/stats/consistency", this::consistency);
    }

    private void stats(Context ctx) {
        var tenant = credentials.requireSecret(ctx, FeedbackRoutes.KEY_HEADERS).tenantId();
        var query = InsightParams.statsQuery(ctx, clock);
        ctx.json(InsightJson.stats(insight.stats().stats(tenant, query)));
    }

    private void compare(Context ctx) {
        var tenant = credentials.requireSecret(ctx, FeedbackRoutes.KEY_HEADERS).tenantId();
        var cohorts = InsightParams.cohorts(ctx, clock);
        ctx.json(InsightJson.comparison(insight.comparisons().compare(tenant, cohorts.a(), cohorts.b())));
    }

    /** Recounts the caller's rollups from the raw rows: O(feedback), an operator's check, not a dashboard call. */
    private void consistency(Context ctx) {
        var tenant = credentials.requireSecret(ctx, FeedbackRoutes.KEY_HEADERS).tenantId();
        var mismatches = insight.audit().mismatches(tenant);
        ctx.json(InsightJson.consistency(mismatches, MISMATCHES_SHOWN, clock.instant()));
    }
}
