package io.feedbackhub.insight;

/**
 * The 95 % interval of a difference of two independent proportions p1 − p2 by Newcombe's hybrid score method (method
 * 10 of Newcombe 1998, "Interval estimation for the difference between independent proportions: comparison of eleven
 * methods", Statistics in Medicine 17:873–890): it combines the Wilson intervals (l, u) of each proportion,
 * <pre>  low = d − √((p1 − l1)² + (u2 − p2)²),  high = d + √((u1 − p1)² + (p2 − l2)²)</pre>
 * and, unlike the Wald interval, keeps its coverage with small counts and proportions near 0 or 1 (a reason given by
 * 2 of 40 in one cohort and 0 of 35 in the other), and never leaves [−1, 1].
 */
public final class Newcombe {
    private Newcombe() {
    }

    /** Null when either side has no trial. */
    public static Interval difference95(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        var w1 = Wilson.interval95(x1, n1);
        var w2 = Wilson.interval95(x2, n2);
        double d = p1 - p2;
        double low = d - Math.sqrt(square(p1 - w1.low()) + square(w2.high() - p2));
        double high = d + Math.sqrt(square(w1.high() - p1) + square(p2 - w2.low()));
        return new Interval(low, high);
    }

    private static double square(double x) {
        return x * x;
    }
}
