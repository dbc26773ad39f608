package io.feedbackhub.insight;

import java.util.List;

/** Recounts the rollups of a tenant from its live feedback rows and lists every row that differs. */
public interface RollupAudit {
    /** Human-readable differences ("key: stored X, recounted Y"); empty when the rollups are exact. */
    List<String> mismatches(String tenantId);
}
