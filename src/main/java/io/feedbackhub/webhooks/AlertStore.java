package io.feedbackhub.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert rules and their history as stored; implemented in SQL by the store. */
public interface AlertStore {
    void insert(AlertRule rule);

    Optional<AlertRule> find(String tenantId, String id);

    List<AlertRule> list(String tenantId);

    int count(String tenantId);

    /** Replaces what a patch may change; false when the rule is gone. */
    boolean update(AlertRule rule);

    /** The rule and its history; false when there was none. */
    boolean delete(String tenantId, String id);

    /** Newest first. */
    List<AlertTransition> history(String tenantId, String ruleId, int limit);

    /**
     * Rules due for evaluation, each claimed for one evaluation by pushing its next evaluation to {@code next}; on
     * PostgreSQL rules another node is claiming right now are skipped, not waited for.
     */
    List<AlertRule> claimDue(Instant now, Instant next, int limit);

    /** What an evaluation that changed no state saw. */
    void saveMeasure(AlertRule rule, AlertRule.Measure measure);

    /**
     * Moves the rule from its state to {@code to} unless another node already did, and in the same transaction
     * records the transition and queues {@code payload} as a {@code type} event for every enabled endpoint that
     * subscribed to it; false when another node moved it first.
     */
    boolean transition(AlertRule rule, AlertRule.State to, AlertTransition transition, EventType type, String payload);
}
