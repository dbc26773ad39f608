package io.feedbackhub.bench;

import io.feedbackhub.api.FeedbackRequest;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.WriteGate;
import io.feedbackhub.store.JdbcBenchRows;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two middle rungs of the benchmark ladder (bench/ladder.sh), served only when FEEDBACK_HUB_BENCH_ROUTES=true:
 * between {@code /healthz} and the full {@code POST /v1/feedback} they show what validation costs and what a durable
 * group-committed insert costs without any semantics. Both authenticate as a write to /v1 does.
 */
public final class BenchRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BenchRoutes.class);

    private final Credentials credentials;
    private final WriteGate gate;
    private final FeedbackService feedback;
    private final JdbcBenchRows rows;

    public BenchRoutes(Credentials credentials, WriteGate gate, FeedbackService feedback, JdbcBenchRows rows) {
        this.credentials = credentials;
        this.gate = gate;
        this.feedback = feedback;
        this.rows = rows;
    }

    public void register(Javalin app) {
        log.warn("benchmark routes on (FEEDBACK_HUB_BENCH_ROUTES=true): POST /bench/validate and /bench/raw-insert; not for production");
        app.post("/bench/validate", this::validate);
        app.post("/bench/raw-insert", this::rawInsert);
    }

    /** POST /v1/feedback up to the store and not including it: authentication, parse, validation, config check. 204. */
    private void validate(Context ctx) {
        FeedbackRequest.caller(ctx, credentials); // no door guards /bench: authenticated here, as /v1's guard would
        var request = FeedbackRequest.read(ctx, gate);
        feedback.check(request.actor(), request.draft());
        ctx.status(204);
    }

    /** The body, unparsed, as one row through group commit; 201 once committed. */
    private void rawInsert(Context ctx) {
        var caller = FeedbackRequest.caller(ctx, credentials);
        rows.insert(caller.tenantId(), ctx.body());
        ctx.status(201);
    }

    @Override
    public void close() {
        rows.close();
    }
}
