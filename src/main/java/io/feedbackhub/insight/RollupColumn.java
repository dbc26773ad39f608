package io.feedbackhub.insight;

/** The columns of {@code feedback_rollups} a read can group by. */
public enum RollupColumn {
    HOUR, AGENT, NAME, LABEL, SURFACE, VALUE, DIM
}
