package io.feedbackhub.insight.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The prediction-powered rate, worked by hand. */
class CalibrationTest {

    /**
     * Six judged items (judge says 1, 1, 1, 1, 0, 0: mean 2/3, sample variance 0.26667); people labelled four of them
     * (judge − human: 0, 1, 0, 1: mean 0.5, sample variance 1/3). Rate 2/3 − 0.5 = 1/6; standard error
     * √(0.26667/6 + 0.33333/4) = 0.357463; interval 1/6 ± 1.959964 × 0.357463.
     */
    @Test
    void the_calibrated_rate_is_the_judge_mean_less_its_excess_over_people_with_both_variances() {
        var calibration = Calibration.of(List.of(1.0, 1.0, 1.0, 1.0, 0.0, 0.0),
                List.of(new double[]{1, 1}, new double[]{1, 0}, new double[]{0, 0}, new double[]{1, 0}));

        assertEquals(1.0 / 6, calibration.calibrated().value(), 1e-12);
        assertEquals(1.0 / 6 - 0.700609, calibration.calibrated().interval().low(), 1e-6);
        assertEquals(1.0 / 6 + 0.700609, calibration.calibrated().interval().high(), 1e-6);
        assertEquals(2.0 / 3, calibration.judge().value(), 1e-12);
        assertEquals(0.25, calibration.human().value(), 1e-12);
        assertEquals(6, calibration.judged());
        assertEquals(4, calibration.labelled());
    }

    @Test
    void a_judge_people_always_agree_with_keeps_its_rate() {
        var calibration = Calibration.of(List.of(1.0, 0.0, 1.0, 1.0), List.of(new double[]{1, 1}, new double[]{0, 0}));

        assertEquals(0.75, calibration.calibrated().value(), 1e-12);
    }

    @Test
    void without_two_labelled_items_there_is_no_calibrated_rate() {
        var calibration = Calibration.of(List.of(1.0, 0.0, 1.0), List.of(new double[]{1, 0}));

        assertNull(calibration.calibrated().value());
    }
}
