package io.feedbackhub.insight.agreement;

import java.time.Instant;

/** Which live feedback agreement reads: one name, optionally one source, one agent, and a time range [from, to). */
public record JudgmentQuery(String name, String source, String agentId, Instant from, Instant to) {
}
