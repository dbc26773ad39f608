package io.feedbackhub.insight;

/**
 * The few distribution functions the statistics need, written out rather than pulled in as a library: the
 * two-sided tail of the normal and Student's t distributions, and the t quantile for a 95 % interval. They
 * rest on the regularized incomplete gamma and beta functions, evaluated as in Numerical Recipes (3rd ed.,
 * §6.2 and §6.4: series or Lentz continued fraction, whichever converges fast at the point), with the
 * Lanczos (g = 7, n = 9) log-gamma. Accuracy is about 1e-14 relative, far beyond what a p-value needs.
 */
public final class Distributions {
    /** The normal quantile at 0.975: the half-width of a 95 % interval in standard errors. */
    public static final double Z_95 = 1.959963984540054;
    /** The normal quantile at 0.80: the extra standard errors needed for 80 % power. */
    public static final double Z_POWER_80 = 0.8416212335729143;

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    private Distributions() {
    }

    /** P(|Z| >= |z|) for a standard normal Z: the two-sided p-value of a z statistic. */
    public static double normalTwoSided(double z) {
        // erfc(|z|/sqrt 2) = Q(1/2, z^2/2)
        return regularizedGammaQ(0.5, z * z / 2);
    }

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom (df may be fractional, as in Welch's test). */
    public static double tTwoSided(double t, double df) {
        if (Double.isInfinite(df)) {
            return normalTwoSided(t);
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The t value that leaves 2.5 % in each tail: the multiplier of the standard error in a 95 % interval. */
    public static double t95(double df) {
        if (df <= 0 || Double.isNaN(df)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (df > 1e7) {
            return Z_95;
        }
        double low = 0;
        double high = 2;
        while (tTwoSided(high, df) > 0.05) {
            low = high;
            high *= 2;
        }
        // the tail is monotone in t: bisection to full double precision
        for (int i = 0; i < 200 && high - low > 1e-13 * high; i++) {
            double mid = (low + high) / 2;
            if (tTwoSided(mid, df) > 0.05) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Q(a, x) = 1 - P(a, x), the upper regularized incomplete gamma function. */
    static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double sum = 1 / a;
        double term = sum;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** I_x(a, b), the regularized incomplete beta function. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < TINY) {
            d = TINY;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return h;
    }
}
