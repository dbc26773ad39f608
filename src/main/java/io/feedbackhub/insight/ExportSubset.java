package io.feedbackhub.insight;

/** How an export reads live feedback from the store. */
public enum ExportSubset {
    /** Every live feedback matching the filters, in pages by id ({@link ExportReader#page}). */
    ALL,
    /** Feedback on messages registered with a prompt, grouped by prompt ({@link ExportReader#byPrompt}). */
    BY_PROMPT
}
