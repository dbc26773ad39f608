package io.feedbackhub.api;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.Source;
import io.feedbackhub.http.Access;
import io.feedbackhub.http.Credentials;
import io.feedbackhub.http.RouteTable;
import io.feedbackhub.http.QueryParams;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.insight.agreement.JudgeReport;
import io.feedbackhub.insight.agreement.JudgmentQuery;
import io.feedbackhub.json.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * /v1/stats/agreement (any raters of one name, whatever the door) and /v1/stats/judge (a judge against people, with
 * its prediction-powered rate): read-only, secret keys only.
 */
final class AgreementRoutes {
    private static final Set<String> AGREEMENT_PARAMS = Set.of("name", "source", "agent_id", "created_from", "created_to");
    private static final Set<String> JUDGE_PARAMS = Set.of("name", "judge_source", "agent_id", "created_from", "created_to");

    private final AgreementService agreement;

    AgreementRoutes(AgreementService agreement) {
        this.agreement = agreement;
    }

    void declare(RouteTable routes) {
        routes.get("/v1/stats/agreement", Access.VIEWER, ctx -> {
            var tenant = Credentials.caller(ctx).tenantId();
            var errors = new ArrayList<FieldError>();
            var query = query(ctx, AGREEMENT_PARAMS, "source", errors);
            throwIfAny(errors);
            ctx.json(ReviewJson.agreement(agreement.agreement(tenant, query)));
        });
        routes.get("/v1/stats/judge", Access.VIEWER, ctx -> {
            var tenant = Credentials.caller(ctx).tenantId();
            var errors = new ArrayList<FieldError>();
            var query = query(ctx, JUDGE_PARAMS, "judge_source", errors);
            throwIfAny(errors);
            var judgeSource = query.source() == null ? Source.MODEL.wire() : query.source();
            ctx.json(judge(agreement.judge(tenant, query, judgeSource)));
        });
    }

    /** The filters; {@code sourceParam} names the parameter whose source is read (a filter, or the judge's). */
    private static JudgmentQuery query(Context ctx, Set<String> known, String sourceParam, List<FieldError> errors) {
        for (var name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "is not a known parameter; known: " + new TreeSet<>(known), "extra_forbidden"));
            }
        }
        var name = ctx.queryParam("name");
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.missing("name"));
        }
        var source = ctx.queryParam(sourceParam);
        if (source != null && Source.parse(source).isEmpty()) {
            errors.add(FieldError.of(sourceParam, "must be one of user, api, model, reviewer, got \"" + source + "\""));
        }
        var from = QueryParams.instant(ctx, "created_from", errors);
        var to = QueryParams.instant(ctx, "created_to", errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(FieldError.of("created_from", "must not be after created_to"));
        }
        return new JudgmentQuery(name, source, ctx.queryParam("agent_id"), from, to);
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode judge(JudgeReport r) {
        var o = Json.object().put("name", r.name()).put("judge_source", r.judgeSource());
        o.set("agreement", ReviewJson.agreement(r.agreement()));
        var c = r.calibration();
        if (c == null) {
            o.putNull("calibration");
            return o;
        }
        var calibration = o.putObject("calibration").put("judged_items", c.judged()).put("labelled_items", c.labelled());
        ReviewJson.estimate(calibration, "judge_rate", c.judge());
        ReviewJson.estimate(calibration, "human_rate", c.human());
        ReviewJson.estimate(calibration, "calibrated_rate", c.calibrated());
        return o;
    }
}
