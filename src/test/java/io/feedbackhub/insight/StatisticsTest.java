package io.feedbackhub.insight;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The statistics against published worked examples, to the digits the sources print. Differences are B − A, so
 * where a source reports "group 1 − group 2" group 1 is passed as B.
 */
class StatisticsTest {

    /** Newcombe (1998), Two-sided confidence intervals for the single proportion, Stat Med 17:857–872, Table I, method 3 (Wilson score). */
    @Test
    void the_wilson_interval_reproduces_newcombes_table() {
        assertInterval(0.2553, 0.3662, Wilson.interval95(81, 263), 5e-5);
        assertInterval(0.0624, 0.1605, Wilson.interval95(15, 148), 5e-5);
        assertInterval(0.0000, 0.1611, Wilson.interval95(0, 20), 5e-5);
        assertInterval(0.0061, 0.1718, Wilson.interval95(1, 29), 5e-5);
    }

    @Test
    void no_rated_feedback_has_no_rate_and_no_interval() {
        var rate = PositiveRate.of(0, 0);

        assertNull(rate.rate());
        assertNull(rate.interval());
    }

    /**
     * Newcombe (1998), Interval estimation for the difference between independent proportions, Stat Med
     * 17:873–890, Table II example (a): 56/70 − 48/80 = 0.2000, simple asymptotic (Wald) interval 0.0575 to 0.3425.
     */
    @Test
    void the_difference_of_two_rates_has_the_unpooled_wald_interval_of_newcombes_example() {
        var test = RateDifference.of(48, 80, 56, 70);

        assertEquals(0.2, test.difference(), 1e-12);
        assertInterval(0.0575, 0.3425, test.interval(), 5e-5);
    }

    /**
     * Newcombe (1998), Interval estimation for the difference between independent proportions, Stat Med 17:873–890,
     * Table II, method 10 (hybrid score interval from the Wilson intervals, no continuity correction), all eight examples
     * (a)–(h), including the boundary cases with no event on one or both sides.
     */
    @Test
    void the_newcombe_hybrid_score_interval_reproduces_all_of_newcombes_table_ii() {
        assertInterval(0.0524, 0.3339, Newcombe.difference95(56, 70, 48, 80), 5e-5);
        assertInterval(0.1705, 0.8090, Newcombe.difference95(9, 10, 3, 10), 5e-5);
        assertInterval(0.0582, 0.8062, Newcombe.difference95(6, 7, 2, 7), 5e-5);
        assertInterval(-0.0381, 0.1926, Newcombe.difference95(5, 56, 0, 29), 5e-5);
        assertInterval(-0.1611, 0.2775, Newcombe.difference95(0, 10, 0, 20), 5e-5);
        assertInterval(-0.2775, 0.2775, Newcombe.difference95(0, 10, 0, 10), 5e-5);
        assertInterval(0.6791, 1.0000, Newcombe.difference95(10, 10, 0, 20), 5e-5);
        assertInterval(0.6075, 1.0000, Newcombe.difference95(10, 10, 0, 10), 5e-5);
        assertNull(Newcombe.difference95(1, 10, 0, 0), "no interval without a trial on one side");
    }

    /**
     * Scores of 1–5 stars carried onto [0, 1] keep their mean and spread in proportion: stars 1, 2, 4, 5 (mean 3,
     * variance 10/3) become 0, 0.25, 0.75, 1 (mean 0.5, variance 10/3 / 16), from the additive moments alone.
     */
    @Test
    void normalised_moments_equal_the_moments_of_normalised_scores() {
        var stars = new RollupCounts(4, 0, 0, 4, 1 + 2 + 4 + 5, 1 + 4 + 16 + 25, 0);

        var unit = new Scale(1, 5).normaliseMoments(stars);

        assertEquals(2.0, unit.scoreSum(), 1e-12);
        assertEquals(0 + 0.0625 + 0.5625 + 1, unit.scoreSq(), 1e-12);
        assertEquals(10.0 / 3 / 16, MeanScore.variance(4, unit.scoreSum(), unit.scoreSq()), 1e-12);
    }

    /**
     * A worked pooled two-proportion z-test (usablestats.com "Ask Stats" question 866): 118/3303 against 80/3303,
     * pooled p = 0.02997, standard error 0.004196, z = 2.74195, two-sided p = 0.00611.
     */
    @Test
    void the_two_proportion_test_reproduces_a_worked_pooled_z_test() {
        var test = RateDifference.of(80, 3303, 118, 3303);

        assertEquals(0.01150, test.difference(), 5e-6);
        assertEquals(2.74195, test.z(), 5e-4);
        assertEquals(0.00611, test.pValue(), 5e-6);
    }

    @Test
    void identical_one_sided_cohorts_show_no_difference() {
        var test = RateDifference.of(40, 40, 50, 50);

        assertNull(test.z());
        assertEquals(1.0, test.pValue());
        assertEquals(0.0, test.difference());
    }

    /**
     * R's {@code t.test(ts1, ts2)} (Welch by default) on ts1 = 11,9,10,11,10,12,9,11,12,9 and
     * ts2 = 11,13,10,13,12,9,11,12,12,11, as printed in the answer to "Welch's t-test confidence interval"
     * (Cross Validated): t = −1.8325, df = 17.9, p-value = 0.08356, 95 percent interval −2.1469104 to 0.1469104.
     */
    @Test
    void the_welch_test_reproduces_rs_t_test_output() {
        double[] ts1 = {11, 9, 10, 11, 10, 12, 9, 11, 12, 9};
        double[] ts2 = {11, 13, 10, 13, 12, 9, 11, 12, 12, 11};

        var test = ScoreDifference.of(ts2.length, sum(ts2), sumOfSquares(ts2), ts1.length, sum(ts1), sumOfSquares(ts1));

        assertEquals(-1.0, test.difference(), 1e-12);
        assertEquals(-1.8325, test.t(), 5e-5);
        assertEquals(17.9, test.degreesOfFreedom(), 0.05);
        assertEquals(0.08356, test.pValue(), 5e-6);
        assertInterval(-2.1469104, 0.1469104, test.interval(), 5e-7);
    }

    /** Student's t table: t(0.975) for 1, 9 and 30 degrees of freedom; the normal quantile for infinite ones. */
    @Test
    void the_t_quantile_matches_the_printed_table() {
        assertEquals(12.706, Distributions.t95(1), 5e-4);
        assertEquals(2.262, Distributions.t95(9), 5e-4);
        assertEquals(2.042, Distributions.t95(30), 5e-4);
        assertEquals(1.960, Distributions.t95(1e9), 5e-4);
        assertEquals(0.05, Distributions.normalTwoSided(Distributions.Z_95), 1e-12);
        assertEquals(0.05, Distributions.tTwoSided(Distributions.t95(17.9), 17.9), 1e-12);
    }

    @Test
    void a_mean_score_has_a_t_interval_from_its_moments() {
        // scores 1, 2, 3, 4: mean 2.5, s = 1.2910, t(0.975, 3) = 3.1824, half-width 3.1824 * 1.2910 / 2 = 2.0543
        var score = MeanScore.of(4, 10, 30);

        assertEquals(2.5, score.mean(), 1e-12);
        assertEquals(1.2910, score.standardDeviation(), 5e-5);
        assertInterval(0.4457, 4.5543, score.interval(), 5e-4);
    }

    @Test
    void one_score_has_a_mean_but_no_interval() {
        var score = MeanScore.of(1, 0.7, 0.49);

        assertEquals(0.7, score.mean(), 1e-12);
        assertNull(score.interval());
    }

    private static void assertInterval(double low, double high, Interval interval, double tolerance) {
        assertEquals(low, interval.low(), tolerance, "low of " + interval);
        assertEquals(high, interval.high(), tolerance, "high of " + interval);
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s;
    }

    private static double sumOfSquares(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x * x;
        }
        return s;
    }
}
