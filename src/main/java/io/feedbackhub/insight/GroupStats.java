package io.feedbackhub.insight;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one group. {@code key} holds one value per grouping, in {@code group_by} order (null for
 * feedback without that value, e.g. no agent). {@code labels} counts each label (most frequent first);
 * {@code unlabeled} the feedback with a score or comment only. {@code topReasons} is null when the rollups cannot
 * count reasons exactly within these groups. {@code score} is the overall mean of {@code means}: empty when the
 * scores of this group are on scales that cannot be put together.
 */
public record GroupStats(List<String> key, long total, Map<String, Long> labels, long unlabeled,
                         PositiveRate positiveRate, MeanScore score, ScoreMeans means, long commented, Double commentShare,
                         List<ReasonCount> topReasons) {
}
