package io.feedbackhub.insight;

/**
 * Additive sums kept per rollup row: how many, how many positive / negative, and the score moments (count,
 * sum, sum of squares) from which means and their intervals follow; how many carried a comment.
 */
public record RollupCounts(long n, long positive, long negative, long scoreN, double scoreSum, double scoreSq, long commented) {
    public static final RollupCounts ZERO = new RollupCounts(0, 0, 0, 0, 0, 0, 0);

    public RollupCounts plus(RollupCounts o) {
        return new RollupCounts(n + o.n, positive + o.positive, negative + o.negative, scoreN + o.scoreN,
                scoreSum + o.scoreSum, scoreSq + o.scoreSq, commented + o.commented);
    }

    public RollupCounts negate() {
        return new RollupCounts(-n, -positive, -negative, -scoreN, -scoreSum, -scoreSq, -commented);
    }

    public boolean isZero() {
        return n == 0 && positive == 0 && negative == 0 && scoreN == 0 && commented == 0
                && Math.abs(scoreSum) < 1e-9 && Math.abs(scoreSq) < 1e-9;
    }
}
