package io.feedbackhub.webhooks;

/** A rule fired ({@code firing}) or resolved ({@code resolved}), with what it saw then; {@code id} is also its webhook-id. */
public record AlertTransition(String id, String ruleId, String state, AlertRule.Measure measure) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
}
