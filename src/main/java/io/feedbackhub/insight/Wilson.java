package io.feedbackhub.insight;

/**
 * The Wilson score interval for a proportion (Wilson 1927): unlike "rate ± 1.96 standard errors" it stays
 * inside [0, 1] and keeps close to its nominal 95 % coverage for small samples and rates near 0 or 1, which
 * is where feedback dashboards live (a new agent with 7 votes, a prompt with 100 % thumbs up).
 */
public final class Wilson {
    private Wilson() {
    }

    /** The 95 % interval for {@code successes} out of {@code n}; null when there is no trial. */
    public static Interval interval95(long successes, long n) {
        return interval95((double) successes, n);
    }

    /** The same for a count that may hold halves (a tie counted as half a win). */
    public static Interval interval95(double successes, long n) {
        if (n <= 0) {
            return null;
        }
        double z = Distributions.Z_95;
        double p = successes / n;
        double z2n = z * z / n;
        double center = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        return new Interval(Math.max(0, center - half), Math.min(1, center + half));
    }
}
