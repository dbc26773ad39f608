package io.feedbackhub.insight.agreement;

import io.feedbackhub.insight.Distributions;
import io.feedbackhub.insight.Interval;
import io.feedbackhub.insight.MeanScore;
import io.feedbackhub.insight.Wilson;

import java.util.ArrayList;
import java.util.List;

/**
 * A judge's rate corrected by people, by prediction-powered inference (Angelopoulos, Bates, Fannjiang, Jordan and
 * Zrnic 2023, "Prediction-powered inference", Science 382:669–674, the mean estimator; ppi_py's
 * {@code ppi_mean_pointestimate} and {@code ppi_mean_ci} with {@code lam=1}): the judge's mean over the N items only
 * the judge rated, plus the mean of (human − judge) over the n items people labelled (the rectifier). The rectifier
 * removes the judge's bias on average, so the estimate is as unbiased as the human-only mean, and its variance
 * σ²(judge on the N)/N + σ²(human − judge on the n)/n is smaller when the judge tracks people closely. The two
 * sets are disjoint, as the method requires (a labelled item is not counted again among the judge-only ones), and
 * σ² divides by the count, as ppi_py does. The 95 % interval is the estimate ± 1.96 standard errors (the
 * central limit theorem; the paper's interval). Each item's human value is the mean of its people's values.
 *
 * @param judged every item the judge rated (labelled or not)
 * @param labelled the items the judge rated and people labelled too
 * @param judge the naive rate: the judge's mean over all judged items (Wilson interval when every value is 0 or 1,
 *              else the t-interval of /v1/stats' mean scores)
 * @param human the people's mean over the labelled items, interval as for {@code judge}
 * @param calibrated the prediction-powered rate; null with fewer than two labelled items or fewer than two that only
 *                   the judge rated
 */
public record Calibration(int judged, int labelled, Estimate judge, Estimate human, Estimate calibrated) {

    /** {@code judgeOnly}: the judge's values on the items people did not label; {@code pairs}: (judge, human) on those they did. */
    static Calibration of(List<Double> judgeOnly, List<double[]> pairs) {
        var all = new ArrayList<>(judgeOnly);
        pairs.forEach(p -> all.add(p[0]));
        var judge = mean(all);
        var human = mean(pairs.stream().map(p -> p[1]).toList());
        if (judgeOnly.size() < 2 || pairs.size() < 2) {
            return new Calibration(all.size(), pairs.size(), judge, human, new Estimate(null, null));
        }
        double imputed = judgeOnly.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double imputedVariance = judgeOnly.stream().mapToDouble(v -> (v - imputed) * (v - imputed)).average().orElseThrow();
        double rectifier = pairs.stream().mapToDouble(p -> p[1] - p[0]).average().orElseThrow();
        double rectifierVariance = pairs.stream().mapToDouble(p -> Math.pow(p[1] - p[0] - rectifier, 2)).average().orElseThrow();
        double rate = imputed + rectifier;
        double half = Distributions.Z_95 * Math.sqrt(imputedVariance / judgeOnly.size() + rectifierVariance / pairs.size());
        return new Calibration(all.size(), pairs.size(), judge, human, new Estimate(rate, new Interval(rate - half, rate + half)));
    }

    private static Estimate mean(List<Double> values) {
        if (values.isEmpty()) {
            return new Estimate(null, null);
        }
        boolean binary = values.stream().allMatch(v -> v == 0 || v == 1);
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        if (binary) {
            return new Estimate(sum / values.size(), Wilson.interval95(Math.round(sum), values.size()));
        }
        double squares = values.stream().mapToDouble(v -> v * v).sum();
        var m = MeanScore.of(values.size(), sum, squares);
        return new Estimate(m.mean(), m.interval());
    }
}
