package io.feedbackhub.insight;

import java.util.Optional;

/**
 * Which labels an export gives: each feedback's own ({@code individual}), or that and, beside it, the label an
 * adjudicator of a review queue decided for the same answer and name ({@code resolved}).
 */
public enum ExportLabels {
    INDIVIDUAL, RESOLVED;

    public static Optional<ExportLabels> parse(String s) {
        if (s == null || s.equals("individual")) {
            return Optional.of(INDIVIDUAL);
        }
        return s.equals("resolved") ? Optional.of(RESOLVED) : Optional.empty();
    }
}
