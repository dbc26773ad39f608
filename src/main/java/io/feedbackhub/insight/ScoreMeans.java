package io.feedbackhub.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mean scores that never mix scales. Each feedback name has one scale, so its mean stands alone ({@code byName}).
 * An overall mean exists when one name is involved (on its own scale), or when every name involved has a range in
 * its config: then each score is carried onto [0, 1] through its name's range first ({@code normalized}). Otherwise
 * the overall mean is empty and {@code noOverallReason}/{@code noOverallMessage} say why.
 */
public record ScoreMeans(MeanScore overall, Basis basis, List<NamedMean> byName, String noOverallReason, String noOverallMessage) {

    /** One name's mean on its own scale; {@code scale} is null when its config gives no range. */
    public record NamedMean(String name, Scale scale, MeanScore mean) {
    }

    /** What the overall mean is measured on: one name's scale, or [0, 1] after normalising each name's scores. */
    public record Basis(String name, boolean normalized, Scale scale) {
    }

    public static final String UNKNOWN_SCALE = "unknown_scale";

    /** The basis the scores of these names (those with at least one score) can be averaged on, or null. */
    static Basis basis(java.util.Collection<String> names, Scales scales) {
        if (names.size() == 1) {
            var name = names.iterator().next();
            return new Basis(name, false, scales.scale(name).orElse(null));
        }
        if (names.isEmpty() || names.stream().anyMatch(n -> scales.scale(n).isEmpty())) {
            return null;
        }
        return new Basis(null, true, Scale.UNIT);
    }

    /** The score moments of {@code byName} on {@code basis}: as they are for one name, normalised for several. */
    static RollupCounts moments(Basis basis, Map<String, RollupCounts> byName, Scales scales) {
        var total = RollupCounts.ZERO;
        for (var e : byName.entrySet()) {
            var c = e.getValue();
            total = total.plus(basis.normalized() ? scales.scale(e.getKey()).orElseThrow().normaliseMoments(c) : c);
        }
        return total;
    }

    static ScoreMeans of(Map<String, RollupCounts> scoredByName, Scales scales) {
        var sorted = new TreeMap<>(scoredByName);
        sorted.values().removeIf(c -> c.scoreN() <= 0);
        var named = new ArrayList<NamedMean>();
        sorted.forEach((name, c) -> named.add(new NamedMean(name, scales.scale(name).orElse(null), MeanScore.of(c.scoreN(), c.scoreSum(), c.scoreSq()))));
        named.sort(Comparator.comparingLong((NamedMean m) -> m.mean().count()).reversed().thenComparing(NamedMean::name));
        var basis = basis(sorted.keySet(), scales);
        if (sorted.isEmpty()) {
            return new ScoreMeans(MeanScore.of(0, 0, 0), null, named, null, null);
        }
        if (basis == null) {
            long count = sorted.values().stream().mapToLong(RollupCounts::scoreN).sum();
            return new ScoreMeans(new MeanScore(count, null, null, null), null, named, UNKNOWN_SCALE, whyNoMean(sorted.keySet(), scales));
        }
        var m = moments(basis, sorted, scales);
        return new ScoreMeans(MeanScore.of(m.scoreN(), m.scoreSum(), m.scoreSq()), basis, named, null, null);
    }

    static String whyNoMean(java.util.Collection<String> names, Scales scales) {
        var unknown = names.stream().filter(n -> scales.scale(n).isEmpty()).sorted().toList();
        return "No overall mean score: the scores come from " + names.size() + " feedback names (" + String.join(", ", names.stream().sorted().toList()) + ") whose scales differ, and "
                + String.join(", ", unknown) + (unknown.size() == 1 ? " has" : " have") + " no range in a feedback config "
                + "(PUT /v1/feedback-configs with min and max, or type reaction or boolean), so they cannot be put on one scale. "
                + "See the mean of each name, or filter by name.";
    }
}
