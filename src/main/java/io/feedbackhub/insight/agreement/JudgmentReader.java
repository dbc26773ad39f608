package io.feedbackhub.insight.agreement;

import java.util.List;

/** Reads the live feedback of one name with an author and a label or score, at most {@code max} + 1 rows. */
public interface JudgmentReader {
    List<Judgment> judgments(String tenantId, JudgmentQuery query, int max);
}
