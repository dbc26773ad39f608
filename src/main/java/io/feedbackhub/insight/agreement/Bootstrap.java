package io.feedbackhub.insight.agreement;

import io.feedbackhub.insight.Interval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * 95 % percentile intervals from a bootstrap over units: the units are drawn with replacement, the coefficient
 * recomputed, and the 2.5th and 97.5th percentiles of the resamples kept. Units, not single ratings, are resampled
 * because the ratings of one unit are not independent of each other (Krippendorff 2011 also bootstraps). The seed
 * is fixed so that one data set always gets the same interval: a dashboard must not flicker on reload.
 */
final class Bootstrap {
    static final int RESAMPLES = 1000;
    static final long SEED = 16_2026L;
    /** Resamples where the coefficient is undefined (one value everywhere) are left out; past this share, no interval. */
    private static final double MAX_UNDEFINED = 0.05;

    private Bootstrap() {
    }

    /** The estimate over {@code units} and its interval; the coefficient sees an array of unit indices. */
    static Estimate estimate(int[] units, ToDoubleFunction<int[]> coefficient) {
        double value = coefficient.applyAsDouble(units);
        if (Double.isNaN(value)) {
            return Estimate.UNDEFINED;
        }
        var random = new SplittableRandom(SEED);
        double[] resampled = new double[RESAMPLES];
        int defined = 0;
        int[] pick = new int[units.length];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < pick.length; i++) {
                pick[i] = units[random.nextInt(units.length)];
            }
            double v = coefficient.applyAsDouble(pick);
            if (!Double.isNaN(v)) {
                resampled[defined++] = v;
            }
        }
        if (defined < RESAMPLES * (1 - MAX_UNDEFINED)) {
            return new Estimate(value, null);
        }
        var sorted = Arrays.copyOf(resampled, defined);
        Arrays.sort(sorted);
        return new Estimate(value, new Interval(percentile(sorted, 0.025), percentile(sorted, 0.975)));
    }

    /** Linear interpolation between the closest ranks (type 7 of Hyndman and Fan 1996, R's default). */
    private static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
