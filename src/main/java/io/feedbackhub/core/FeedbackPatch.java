package io.feedbackhub.core;

import java.util.List;
import java.util.Map;

/**
 * A partial change of one feedback's value fields. Target, name and author are not patchable:
 * they define the slot, and moving a judgment to another slot would be a different judgment.
 */
public record FeedbackPatch(
        Change<String> label,
        Change<Double> score,
        Change<String> comment,
        Change<List<String>> reasons,
        Change<String> correction,
        Change<String> data,
        Change<String> queryCategory,
        Change<String> sourceSurface,
        Change<Map<String, String>> metadata) {

    public static FeedbackPatch nothing() {
        return new FeedbackPatch(Change.keep(), Change.keep(), Change.keep(), Change.keep(), Change.keep(),
                Change.keep(), Change.keep(), Change.keep(), Change.keep());
    }

    public FeedbackPatch withScore(Change<Double> c) {
        return new FeedbackPatch(label, c, comment, reasons, correction, data, queryCategory, sourceSurface, metadata);
    }
}
