package io.feedbackhub.insight.agreement;

/**
 * One rater's value for one unit (an item, a message): the label, and the score it stands for when the label has
 * one. The score places the label on a scale, for Krippendorff's ordinal and interval α; without scores on every
 * label only the nominal statistics are computed.
 */
public record Rating(String unit, String rater, String value, Double score) {
    public Rating {
        if (unit == null || rater == null || value == null) {
            throw new IllegalArgumentException("a rating needs a unit, a rater and a value");
        }
    }
}
