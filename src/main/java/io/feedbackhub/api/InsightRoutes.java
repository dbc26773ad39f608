package io.feedbackhub.api;

import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.insight.Insight;
import io.javalin.http.Context;

import java.time.Clock;

/** /v1/stats, /v1/stats/compare and /v1/stats/consistency: read-only, secret keys only. */
final class InsightRoutes {
    /** The consistency check lists this many differences at most; the count is always complete. */
    static final int MISMATCHES_SHOWN = 20;

    private final Insight insight;
    private final Clock clock;
    /** A project's time zone (its settings), where daily and weekly buckets cut when a request names no {@code tz}. */
    private final java.util.function.Function<String, java.time.ZoneId> zones;

    InsightRoutes(Insight insight, Clock clock, java.util.function.Function<String, java.time.ZoneId> zones) {
        this.insight = insight;
        this.clock = clock;
        this.zones = zones;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/stats", Access.VIEWER, this::stats);
        routes.get("/v1/stats/compare", Access.VIEWER, this::compare);
        routes.get("/v1/stats/consistency", Access.VIEWER, this::consistency);
    }

    private void stats(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var query = InsightParams.statsQuery(ctx, clock, zones.apply(tenant));
        ctx.json(InsightJson.stats(insight.stats().stats(tenant, query)));
    }

    private void compare(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var cohorts = InsightParams.cohorts(ctx, clock);
        ctx.json(InsightJson.comparison(insight.comparisons().compare(tenant, cohorts.a(), cohorts.b())));
    }

    /** Recounts the caller's rollups from the raw rows: O(feedback), an operator's check, not a dashboard call. */
    private void consistency(Context ctx) {
        var tenant = Credentials.caller(ctx).tenantId();
        var mismatches = insight.audit().mismatches(tenant);
        ctx.json(InsightJson.consistency(mismatches, MISMATCHES_SHOWN, clock.instant()));
    }
}
