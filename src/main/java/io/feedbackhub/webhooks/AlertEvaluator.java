package io.feedbackhub.webhooks;

import io.feedbackhub.core.Ids;
import io.feedbackhub.insight.MeanScore;
import io.feedbackhub.insight.Wilson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates alert rules from the hourly rollups (agreement rules from the ratings, {@link AlertAgreement}), every {@link WebhookSettings#alertInterval()}, on whichever node
 * claims a rule first (a lease on its next evaluation time; {@code SKIP LOCKED} on PostgreSQL). A rule fires once when
 * its condition becomes true and resolves once when it stops being true: the state change is a compare-and-set, and
 * its event is written in the same transaction, so neither a second node nor a crash can send it twice or lose it.
 *
 * <p>The window is counted in whole UTC hours, as the rollups are kept: a 1 h window evaluated at 10:20 counts the
 * feedback created from 09:00 to 10:20, so it covers at least the window and at most one hour more.
 */
final class AlertEvaluator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    private static final int CLAIM_BATCH = 100;

    private final AlertStore store;
    private final AlertSums sums;
    private final AlertAgreement agreement;
    private final Duration interval;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private Thread thread;

    AlertEvaluator(AlertStore store, AlertSums sums, AlertAgreement agreement, Duration interval, Clock clock) {
        this.store = store;
        this.sums = sums;
        this.agreement = agreement;
        this.interval = interval;
        this.clock = clock;
    }

    void start() {
        thread = Thread.ofPlatform().name("alert-evaluator").daemon(true).start(this::loop);
    }

    /** Evaluate due rules now (a rule was created or changed). */
    void nudge() {
        wake.release();
    }

    private void loop() {
        var tick = interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1);
        while (running) {
            try {
                var now = now();
                for (var rule : store.claimDue(now, now.plus(interval), CLAIM_BATCH)) {
                    evaluate(rule, now);
                }
            } catch (RuntimeException e) {
                log.warn("alert evaluation failed, retrying: {}", e.toString());
            }
            try {
                wake.tryAcquire(tick.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void evaluate(AlertRule rule, Instant now) {
        var measure = measure(rule, now);
        boolean holds = rule.holds(measure);
        if (holds && rule.state() == AlertRule.State.OK) {
            var t = new AlertTransition(Ids.newId(), rule.id(), AlertTransition.FIRING, measure);
            if (transition(rule, AlertRule.State.FIRING, t, EventType.ALERT_TRIGGERED)) {
                log.info("alert fired tenant={} rule={} condition=\"{}\" count={} value={}", rule.tenantId(), rule.id(), rule.condition(),
                        measure.count(), measure.value());
            }
        } else if (!holds && rule.state() == AlertRule.State.FIRING) {
            var t = new AlertTransition(Ids.newId(), rule.id(), AlertTransition.RESOLVED, measure);
            if (transition(rule, AlertRule.State.OK, t, EventType.ALERT_RESOLVED)) {
                log.info("alert resolved tenant={} rule={} condition=\"{}\" count={} value={}", rule.tenantId(), rule.id(), rule.condition(),
                        measure.count(), measure.value());
            }
        } else {
            store.saveMeasure(rule, measure);
        }
    }

    /** The state change and its event, which shows the rule as it is after the change. */
    private boolean transition(AlertRule rule, AlertRule.State to, AlertTransition t, EventType type) {
        var m = t.measure();
        var after = new AlertRule(rule.tenantId(), rule.id(), rule.description(), rule.filter(), rule.window(), rule.minCount(),
                rule.condition(), rule.compare(), rule.enabled(), to, m.evaluatedAt(), m, rule.nextEvaluationAt(),
                rule.createdAt(), rule.updatedAt());
        return store.transition(rule, to, t, type, AlertJson.event(type, after, t));
    }

    /**
     * The rule's value over its window: from the rollup sums a share with its Wilson interval or a mean with its t
     * interval; or an agreement coefficient with its bootstrap interval over the feedback first given in the window.
     */
    AlertRule.Measure measure(AlertRule rule, Instant now) {
        if (rule.condition().metric() == AlertCondition.Metric.AGREEMENT) {
            return agreement.measure(rule, AlertRule.windowStart(now, rule.window()), now);
        }
        long toHour = Math.floorDiv(now.toEpochMilli(), HOUR_MILLIS) + 1;
        long fromHour = Math.floorDiv(now.toEpochMilli() - rule.window().toMillis(), HOUR_MILLIS);
        var sums = this.sums.of(rule, fromHour, toHour);
        var from = Instant.ofEpochMilli(fromHour * HOUR_MILLIS);
        if (rule.condition().metric() == AlertCondition.Metric.RATE) {
            var value = sums.n() == 0 ? null : (double) sums.labelled() / sums.n();
            return new AlertRule.Measure(now, from, now, sums.n(), value, Wilson.interval95(sums.labelled(), sums.n()));
        }
        var mean = MeanScore.of(sums.scoreN(), sums.scoreSum(), sums.scoreSq());
        return new AlertRule.Measure(now, from, now, sums.scoreN(), mean.mean(), mean.interval());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        Threads.join(thread, Duration.ofSeconds(10));
    }
}
