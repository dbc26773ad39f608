package io.feedbackhub.webhooks;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.insight.agreement.Agreement;
import io.feedbackhub.insight.agreement.AgreementService;
import io.feedbackhub.insight.agreement.JudgmentQuery;
import io.feedbackhub.review.QueueAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an agreement rule measures: the reviewers of one review queue ({@code review_queue_id} and a name of its form)
 * or every rater of one feedback name, as {@code GET /v1/stats/agreement} counts them ({@code name}, {@code source},
 * {@code agent_id}), over the feedback first given in the rule's window. The measure is the same report the API
 * gives, so a rule fires on the number a person reads there; its count is the units rated by two or more raters.
 */
final class AlertAgreement {
    private static final Logger log = LoggerFactory.getLogger(AlertAgreement.class);

    private final AgreementService raters;
    private final QueueAgreement queues;

    AlertAgreement(AgreementService raters, QueueAgreement queues) {
        this.raters = raters;
        this.queues = queues;
    }

    /** The filter's errors for this condition: agreement's keys only on agreement rules, and the queue and name must exist. */
    List<FieldError> check(String tenantId, AlertCondition condition, AlertFilter f) {
        var errors = new ArrayList<FieldError>();
        if (condition.metric() != AlertCondition.Metric.AGREEMENT) {
            if (f.source() != null) {
                errors.add(FieldError.of("filter.source", "only agreement rules filter on the source (the hourly rollups do not keep it)"));
            }
            if (f.reviewQueueId() != null) {
                errors.add(FieldError.of("filter.review_queue_id", "only agreement rules watch a review queue"));
            }
            return errors;
        }
        if (f.name() == null) {
            errors.add(FieldError.of("filter.name", "an agreement rule watches the raters of one feedback name; give filter.name"));
        }
        if (f.label() != null || f.contentId() != null || f.metadataKey() != null) {
            errors.add(FieldError.of("filter", "an agreement rule filters on name, source, agent_id or review_queue_id (agreement compares "
                    + "every label of its name), got " + f.toJson()));
        }
        if (f.reviewQueueId() == null) {
            return errors;
        }
        if (f.source() != null || f.agentId() != null) {
            errors.add(FieldError.of("filter.review_queue_id", "a queue's agreement is between its reviewers; drop source and agent_id"));
        }
        var queue = queues.queue(tenantId, f.reviewQueueId());
        if (queue.isEmpty()) {
            errors.add(FieldError.of("filter.review_queue_id", "no review queue " + f.reviewQueueId()));
        } else if (f.name() != null && !queue.get().form().contains(f.name())) {
            errors.add(FieldError.of("filter.name", "must be one of the queue's form names " + queue.get().form() + ", got " + f.name()));
        }
        return errors;
    }

    /** The rule's coefficient over the feedback first given in [from, to), with its bootstrap interval. */
    AlertRule.Measure measure(AlertRule rule, Instant from, Instant to) {
        var measured = measured(rule, from, to);
        if (measured == null) {
            return new AlertRule.Measure(to, from, to, 0, null, null);
        }
        var estimate = measured.estimate();
        return new AlertRule.Measure(to, from, to, measured.pairableUnits(), estimate.value(), estimate.interval());
    }

    /** Null when there is nothing to measure: the queue is gone, or more ratings match than one report reads. */
    private Agreement.Measured measured(AlertRule rule, Instant from, Instant to) {
        var f = rule.filter();
        var coefficient = rule.condition().coefficient();
        try {
            if (f.reviewQueueId() == null) {
                return raters.agreement(rule.tenantId(), new JudgmentQuery(f.name(), f.source(), f.agentId(), from, to), coefficient);
            }
            return queues.queue(rule.tenantId(), f.reviewQueueId())
                    .map(q -> queues.measure(rule.tenantId(), q, f.name(), from, to, coefficient)).orElse(null);
        } catch (InvalidInput e) {
            log.warn("alert rule not measured tenant={} rule={}: {}", rule.tenantId(), rule.id(), e.getMessage());
            return null;
        }
    }
}
