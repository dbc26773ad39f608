package io.feedbackhub.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.feedbackhub.core.Durations;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.Ids;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.NotFound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Alert rules of a tenant: create, read, change, delete, and what they did (history). */
public final class AlertService {
    public static final int MAX_RULES_PER_TENANT = 100;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(30);
    public static final int MAX_HISTORY = 1000;

    private final AlertStore store;
    private final AlertEvaluator evaluator;
    private final AlertAgreement agreement;
    private final Clock clock;

    AlertService(AlertStore store, AlertEvaluator evaluator, AlertAgreement agreement, Clock clock) {
        this.store = store;
        this.evaluator = evaluator;
        this.agreement = agreement;
        this.clock = clock;
    }

    /** A rule as a request gives it; null means absent (defaults apply on create, nothing changes on patch). */
    public record Draft(String description, JsonNode filter, boolean filterGiven, String window, Long minCount, String condition,
                        String compare, Boolean enabled) {
    }

    public AlertRule create(String tenantId, Draft d) {
        var errors = new ArrayList<FieldError>();
        if (d.condition() == null) {
            errors.add(FieldError.missing("condition"));
        }
        var rule = checked(tenantId, Ids.newId(), d, null, errors);
        if (store.count(tenantId) >= MAX_RULES_PER_TENANT) {
            throw new InvalidInput(new FieldError("condition", "a tenant has at most " + MAX_RULES_PER_TENANT + " alert rules", "too_many"));
        }
        store.insert(rule);
        evaluator.nudge();
        return rule;
    }

    public List<AlertRule> list(String tenantId) {
        return store.list(tenantId);
    }

    public AlertRule get(String tenantId, String id) {
        return store.find(tenantId, id).orElseThrow(() -> new NotFound("alert rule", id));
    }

    /**
     * Changes what is given and evaluates the rule again right away. A rule that is disabled goes back to {@code ok}
     * silently: it no longer watches anything, so it cannot resolve.
     */
    public AlertRule patch(String tenantId, String id, Draft d) {
        var current = get(tenantId, id);
        var rule = checked(tenantId, id, d, current, new ArrayList<>());
        if (!store.update(rule)) {
            throw new NotFound("alert rule", id);
        }
        evaluator.nudge();
        return rule;
    }

    public void delete(String tenantId, String id) {
        if (!store.delete(tenantId, id)) {
            throw new NotFound("alert rule", id);
        }
    }

    /** Newest first. */
    public List<AlertTransition> history(String tenantId, String id, int limit) {
        get(tenantId, id);
        return store.history(tenantId, id, Math.min(limit, MAX_HISTORY));
    }

    private AlertRule checked(String tenantId, String id, Draft d, AlertRule current, List<FieldError> errors) {
        AlertCondition condition = current == null ? null : current.condition();
        if (d.condition() != null) {
            try {
                condition = AlertCondition.parse(d.condition());
            } catch (InvalidInput e) {
                errors.addAll(e.errors());
            }
        }
        AlertFilter filter = current == null ? AlertFilter.ANY : current.filter();
        if (d.filterGiven()) {
            try {
                filter = AlertFilter.parse(d.filter());
            } catch (InvalidInput e) {
                errors.addAll(e.errors());
            }
        }
        if (condition != null && condition.metric() == AlertCondition.Metric.RATE && filter.label() != null) {
            errors.add(FieldError.of("filter.label", "a rate condition counts one label among all of them; filter on the label only with mean(score)"));
        }
        if (condition != null && errors.isEmpty()) {
            errors.addAll(agreement.check(tenantId, condition, filter));
        }
        Duration window = current == null ? DEFAULT_WINDOW : current.window();
        if (d.window() != null) {
            try {
                window = Durations.parse(d.window());
                if (window.toMillis() % Duration.ofHours(1).toMillis() != 0 || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
                    errors.add(FieldError.of("window", "must be whole hours from 1h to 30d (the rollups are hourly), got " + d.window()));
                }
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("window", e.getMessage()));
            }
        }
        long minCount = current == null ? 1 : current.minCount();
        if (d.minCount() != null) {
            minCount = d.minCount();
            if (minCount < 1 || minCount > 1_000_000_000L) {
                errors.add(FieldError.of("min_count", "must be an integer from 1 to 1000000000, got " + d.minCount()));
            }
        }
        var compare = current == null ? AlertRule.Compare.ESTIMATE : current.compare();
        if (d.compare() != null) {
            var parsed = AlertRule.Compare.parse(d.compare());
            if (parsed.isEmpty()) {
                errors.add(new FieldError("compare", "must be one of estimate, lower_bound, upper_bound, got \"" + d.compare() + "\"", "enum"));
            } else {
                compare = parsed.get();
            }
        }
        var description = d.description() != null ? d.description() : current == null ? null : current.description();
        if (description != null && description.length() > WebhookService.MAX_DESCRIPTION_LENGTH) {
            errors.add(FieldError.of("description", "must be at most " + WebhookService.MAX_DESCRIPTION_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean enabled = d.enabled() != null ? d.enabled() : current == null || current.enabled();
        var state = current == null || !enabled ? AlertRule.State.OK : current.state();
        Instant stateSince = current == null || state != current.state() ? now : current.stateSince();
        return new AlertRule(tenantId, id, description, filter, window, minCount, condition, compare, enabled, state, stateSince,
                current == null ? null : current.last(), now, current == null ? now : current.createdAt(), now);
    }
}
