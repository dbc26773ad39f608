package io.feedbackhub.insight;

/** The range a feedback name's scores live in, from its config; scores map onto [0, 1] through it. */
public record Scale(double min, double max) {
    public static final Scale UNIT = new Scale(0, 1);

    public Scale {
        if (!(max > min)) {
            throw new IllegalArgumentException("a scale needs max > min, got [" + min + ", " + max + "]");
        }
    }

    public double normalise(double score) {
        return (score - min) / (max - min);
    }

    /** Score moments (count, sum, sum of squares) on this scale carried onto [0, 1]: x' = (x − min) / (max − min). */
    RollupCounts normaliseMoments(RollupCounts c) {
        double w = max - min;
        double sum = (c.scoreSum() - c.scoreN() * min) / w;
        double sq = (c.scoreSq() - 2 * min * c.scoreSum() + c.scoreN() * min * min) / (w * w);
        return new RollupCounts(c.n(), c.positive(), c.negative(), c.scoreN(), sum, sq, c.commented());
    }
}
