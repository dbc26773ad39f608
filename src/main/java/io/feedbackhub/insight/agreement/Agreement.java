package io.feedbackhub.insight.agreement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * Measures agreement between raters: percent agreement, Fleiss' κ, Cohen's κ, Krippendorff's α at three levels, per
 * label and per pair of raters, each with a bootstrap 95 % interval ({@link Bootstrap}).
 */
public final class Agreement {
    /**
     * Below this many units rated by two or more raters (or shared by a pair), no coefficient is reported. With fewer,
     * one unit more or less moves κ by a tenth or more and the bootstrap interval spans most of [−1, 1]: the honest
     * answer is "not enough overlap to say", not a number.
     */
    public static final int MIN_OVERLAP = 10;

    private Agreement() {
    }

    public static AgreementReport measure(List<Rating> ratings) {
        var table = RatingTable.of(ratings);
        int[] pairable = table.pairableUnits();
        int k = table.categoryCount();
        boolean enough = pairable.length >= MIN_OVERLAP;
        var counts = table.counts;
        double[][] coincidences = Coefficients.coincidences(counts, pairable, k);
        var pairs = pairs(table);
        if (!enough) {
            return new AgreementReport(table.units.size(), ratings.size(), table.raters.size(), pairable.length, MIN_OVERLAP,
                    false, table.categories, null, null, null, new EnumMap<>(Level.class), List.of(), pairs, coincidences);
        }
        var alpha = new EnumMap<Level, Estimate>(Level.class);
        for (var level : Level.values()) {
            if (level == Level.NOMINAL || table.scores != null) {
                alpha.put(level, alpha(table, pairable, level));
            }
        }
        var labels = new ArrayList<AgreementReport.LabelAgreement>();
        for (int c = 0; c < k; c++) {
            int category = c;
            int given = 0;
            for (int[] unit : counts) {
                given += unit[c];
            }
            labels.add(new AgreementReport.LabelAgreement(table.categories.get(c), given,
                    Bootstrap.estimate(pairable, pick -> Coefficients.categoryKappa(counts, pick, category))));
        }
        Estimate cohen = table.raters.size() == 2 ? pairs.get(0).cohenKappa() : null;
        return new AgreementReport(table.units.size(), ratings.size(), table.raters.size(), pairable.length, MIN_OVERLAP, true,
                table.categories,
                Bootstrap.estimate(pairable, pick -> Coefficients.percentAgreement(counts, pick)),
                Bootstrap.estimate(pairable, pick -> Coefficients.fleissKappa(counts, pick)),
                cohen, alpha, labels, pairs, coincidences);
    }

    /** One coefficient of {@link #measure}'s report and the units it rests on: the same number, at a fraction of the cost. */
    public record Measured(int pairableUnits, Estimate estimate) {
    }

    /**
     * Only {@code coefficient}, as {@link #measure} would report it (same bootstrap, same seed): what an alert rule
     * needs. It never computes the pairs of raters, which with many raters (every end user of a name) is the
     * expensive part of a report; Cohen's κ, which exists only with exactly two raters, takes their one pair.
     */
    public static Measured measure(List<Rating> ratings, Coefficient coefficient) {
        var table = RatingTable.of(ratings);
        int[] pairable = table.pairableUnits();
        if (pairable.length < MIN_OVERLAP) {
            return new Measured(pairable.length, Estimate.UNDEFINED);
        }
        var counts = table.counts;
        var estimate = switch (coefficient) {
            case PERCENT_AGREEMENT -> Bootstrap.estimate(pairable, pick -> Coefficients.percentAgreement(counts, pick));
            case FLEISS_KAPPA -> Bootstrap.estimate(pairable, pick -> Coefficients.fleissKappa(counts, pick));
            case COHEN_KAPPA -> table.raters.size() != 2 ? Estimate.UNDEFINED : pairs(table).getFirst().cohenKappa();
            case ALPHA_NOMINAL -> alpha(table, pairable, Level.NOMINAL);
            case ALPHA_ORDINAL -> alpha(table, pairable, Level.ORDINAL);
            case ALPHA_INTERVAL -> alpha(table, pairable, Level.INTERVAL);
        };
        return new Measured(pairable.length, estimate == null ? Estimate.UNDEFINED : estimate);
    }

    private static Estimate alpha(RatingTable table, int[] pairable, Level level) {
        if (level != Level.NOMINAL && table.scores == null) {
            return Estimate.UNDEFINED;
        }
        var delta = Coefficients.delta(level, table.scores, marginals(table, pairable));
        return Bootstrap.estimate(pairable, pick -> Coefficients.krippendorffAlpha(table.counts, pick, delta));
    }

    private static double[] marginals(RatingTable table, int[] pairable) {
        int k = table.categoryCount();
        double[][] coincidences = Coefficients.coincidences(table.counts, pairable, k);
        double[] marginals = new double[k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                marginals[c] += coincidences[c][d];
            }
        }
        return marginals;
    }

    private static List<AgreementReport.PairAgreement> pairs(RatingTable table) {
        int k = table.categoryCount();
        var result = new ArrayList<AgreementReport.PairAgreement>();
        for (int i = 0; i < table.raters.size(); i++) {
            for (int j = i + 1; j < table.raters.size(); j++) {
                var a = table.raters.get(i);
                var b = table.raters.get(j);
                int[][] shared = table.shared(a, b);
                if (shared.length == 0) {
                    continue;
                }
                int[][] confusion = new int[k][k];
                for (int[] pair : shared) {
                    confusion[pair[0]][pair[1]]++;
                }
                if (shared.length < MIN_OVERLAP) {
                    result.add(new AgreementReport.PairAgreement(a, b, shared.length, false, null, null, confusion));
                    continue;
                }
                int[] all = java.util.stream.IntStream.range(0, shared.length).toArray();
                result.add(new AgreementReport.PairAgreement(a, b, shared.length, true,
                        Bootstrap.estimate(all, pick -> Coefficients.pairAgreement(shared, pick)),
                        Bootstrap.estimate(all, pick -> Coefficients.cohenKappa(shared, pick, k)), confusion));
            }
        }
        return result;
    }
}
