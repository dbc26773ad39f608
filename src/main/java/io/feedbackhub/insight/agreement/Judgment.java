package io.feedbackhub.insight.agreement;

/** One live feedback as agreement reads it: the target it is about (the unit), who gave it, from which source, its value. */
public record Judgment(String unit, String author, String source, String label, Double score) {

    public Rating rating() {
        return new Rating(unit, author, label != null ? label : scoreText(score), score);
    }

    /** A score-only name (1–5 stars) rates with its score written out: 4, not 4.0. */
    static String scoreText(Double score) {
        return score == Math.rint(score) ? Long.toString(score.longValue()) : score.toString();
    }
}
