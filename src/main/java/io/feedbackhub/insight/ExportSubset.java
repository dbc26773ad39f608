package io.feedbackhub.insight;

/** Which live feedback an export reads; the store narrows its pages with it so that sparse exports stay fast. */
public enum ExportSubset {
    /** Every live feedback matching the filters. */
    ALL,
    /** Feedback carrying a correction. */
    CORRECTED,
    /**
     * Feedback carrying a correction on an answer judged bad: a label in {@link Contribution#NEGATIVE_LABELS} or a
     * score below {@link ExportFormat#NEGATIVE_SCORE_BELOW}.
     */
    CORRECTED_NEGATIVE
}
