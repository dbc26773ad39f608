package io.feedbackhub.insight.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The prediction-powered rate against an independent implementation: the expected numbers are the output of
 * {@code python3 src/test/python/ppi_mean_reference.py} (numpy and scipy, the formulas of ppi_py's
 * {@code ppi_mean_pointestimate} / {@code ppi_mean_ci} with {@code lam=1}, alpha 0.05), pasted here.
 */
class CalibrationTest {

    /** Thumbs: people labelled 8 answers (judge, human below), the judge alone rated 12 more. */
    @Test
    void the_calibrated_rate_of_thumbs_is_ppi_mean_on_the_judge_only_items_plus_the_human_minus_judge_rectifier() {
        var calibration = Calibration.of(List.of(1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0),
                pairs(new double[]{1, 1, 0, 1, 1, 0, 1, 0}, new double[]{1, 0, 0, 0, 1, 1, 1, 0}));

        // python3 src/test/python/ppi_mean_reference.py → binary 0.625000000000 0.142725879780 1.107274120220
        assertEquals(0.625, calibration.calibrated().value(), 1e-12);
        assertEquals(0.142725879780, calibration.calibrated().interval().low(), 1e-9);
        assertEquals(1.107274120220, calibration.calibrated().interval().high(), 1e-9);
        assertEquals(20, calibration.judged());
        assertEquals(8, calibration.labelled());
        assertEquals(14.0 / 20, calibration.judge().value(), 1e-12, "the naive rate is over every judged item");
        assertEquals(4.0 / 8, calibration.human().value(), 1e-12);
    }

    @Test
    void the_calibrated_rate_of_scores_matches_ppi_too() {
        var calibration = Calibration.of(List.of(0.7, 0.9, 0.3, 0.8, 0.6, 1.0, 0.5),
                pairs(new double[]{0.9, 0.7, 0.6, 1.0, 0.5}, new double[]{0.8, 0.4, 0.6, 1.0, 0.2}));

        // python3 src/test/python/ppi_mean_reference.py → scores 0.545714285714 0.342088245747 0.749340325681
        assertEquals(0.545714285714, calibration.calibrated().value(), 1e-9);
        assertEquals(0.342088245747, calibration.calibrated().interval().low(), 1e-9);
        assertEquals(0.749340325681, calibration.calibrated().interval().high(), 1e-9);
    }

    @Test
    void a_judge_people_always_agree_with_keeps_its_rate_on_the_items_only_it_rated() {
        var calibration = Calibration.of(List.of(1.0, 0.0, 1.0, 1.0), List.of(new double[]{1, 1}, new double[]{0, 0}));

        assertEquals(0.75, calibration.calibrated().value(), 1e-12);
    }

    @Test
    void without_two_labelled_items_or_two_judge_only_items_there_is_no_calibrated_rate() {
        assertNull(Calibration.of(List.of(1.0, 0.0, 1.0), List.of(new double[]{1, 0})).calibrated().value());
        assertNull(Calibration.of(List.of(1.0), List.of(new double[]{1, 0}, new double[]{0, 0}, new double[]{1, 1})).calibrated().value());
    }

    /** (judge, human) per labelled item. */
    private static List<double[]> pairs(double[] judge, double[] human) {
        return java.util.stream.IntStream.range(0, judge.length).mapToObj(i -> new double[]{judge[i], human[i]}).toList();
    }
}
