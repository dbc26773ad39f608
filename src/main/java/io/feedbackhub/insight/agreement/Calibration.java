package io.feedbackhub.insight.agreement;

import io.feedbackhub.insight.Distributions;
import io.feedbackhub.insight.Interval;
import io.feedbackhub.insight.MeanScore;
import io.feedbackhub.insight.Wilson;

import java.util.List;

/**
 * A judge's rate corrected by people, by prediction-powered inference (Angelopoulos, Bates, Fannjiang, Jordan and
 * Zrnic 2023, "Prediction-powered inference", Science 382:669–674, the mean estimator of §2): the judge's mean over
 * all N judged items, minus the mean of (judge − human) over the n items people labelled. The correction removes the
 * judge's bias on average, so the estimate is as unbiased as the human-only mean, and its variance
 * σ²(judge)/N + σ²(judge − human)/n is smaller when the judge tracks people closely. The 95 % interval is the
 * estimate ± 1.96 of its standard error (the central limit theorem; the paper's interval). Each item's human value is
 * the mean of its people's values.
 *
 * @param judge the naive rate: the judge's mean over all judged items (Wilson interval when every value is 0 or 1,
 *              else the t-interval of /v1/stats' mean scores)
 * @param human the people's mean over the labelled items, interval as for {@code judge}
 * @param calibrated the prediction-powered rate; null with fewer than two labelled items
 */
public record Calibration(int judged, int labelled, Estimate judge, Estimate human, Estimate calibrated) {

    /** {@code judgeValues} for all judged items; {@code pairs} (judge, human) for those people also labelled. */
    static Calibration of(List<Double> judgeValues, List<double[]> pairs) {
        var judge = mean(judgeValues);
        var human = mean(pairs.stream().map(p -> p[1]).toList());
        if (judgeValues.size() < 2 || pairs.size() < 2) {
            return new Calibration(judgeValues.size(), pairs.size(), judge, human, new Estimate(null, null));
        }
        double n = pairs.size();
        double bigN = judgeValues.size();
        double judgeMean = judgeValues.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double judgeVariance = judgeValues.stream().mapToDouble(v -> (v - judgeMean) * (v - judgeMean)).sum() / (bigN - 1);
        double biasMean = pairs.stream().mapToDouble(p -> p[0] - p[1]).average().orElseThrow();
        double biasVariance = pairs.stream().mapToDouble(p -> Math.pow(p[0] - p[1] - biasMean, 2)).sum() / (n - 1);
        double rate = judgeMean - biasMean;
        double half = Distributions.Z_95 * Math.sqrt(judgeVariance / bigN + biasVariance / n);
        return new Calibration(judgeValues.size(), pairs.size(), judge, human, new Estimate(rate, new Interval(rate - half, rate + half)));
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
