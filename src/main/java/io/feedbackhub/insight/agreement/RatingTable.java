package io.feedbackhub.insight.agreement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Ratings as Krippendorff's reliability-data matrix: one row per unit, holding which category each of its raters
 * chose. Categories are ordered by score when every category has one (so that ordinal and interval α can rank and
 * measure them), else by name. A rater rating a unit twice keeps the later rating.
 */
final class RatingTable {
    final List<String> categories;
    /** The score of each category, or null when some category has none. */
    final double[] scores;
    final List<String> units;
    /** Per unit: rater → category index. */
    final List<Map<String, Integer>> byRater;
    /** Per unit: how many of its ratings fell in each category. */
    final int[][] counts;
    final List<String> raters;

    private RatingTable(List<String> categories, double[] scores, List<String> units, List<Map<String, Integer>> byRater, List<String> raters) {
        this.categories = categories;
        this.scores = scores;
        this.units = units;
        this.byRater = byRater;
        this.raters = raters;
        this.counts = new int[units.size()][categories.size()];
        for (int u = 0; u < units.size(); u++) {
            for (int c : byRater.get(u).values()) {
                counts[u][c]++;
            }
        }
    }

    static RatingTable of(List<Rating> ratings) {
        var scoreOf = new TreeMap<String, Double>();
        boolean allScored = true;
        for (var r : ratings) {
            if (r.score() == null) {
                allScored = false;
            }
            scoreOf.merge(r.value(), r.score() == null ? Double.NaN : r.score(), (a, b) -> Double.isNaN(a) ? b : a);
        }
        var names = new ArrayList<>(scoreOf.keySet());
        if (allScored) {
            names.sort(Comparator.comparingDouble((String name) -> scoreOf.get(name)).thenComparing(Comparator.naturalOrder()));
        }
        var index = new HashMap<String, Integer>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        double[] scores = allScored ? names.stream().mapToDouble(scoreOf::get).toArray() : null;
        var perUnit = new LinkedHashMap<String, Map<String, Integer>>();
        var raters = new TreeSet<String>();
        for (var r : ratings) {
            perUnit.computeIfAbsent(r.unit(), u -> new TreeMap<>()).put(r.rater(), index.get(r.value()));
            raters.add(r.rater());
        }
        return new RatingTable(List.copyOf(names), scores, List.copyOf(perUnit.keySet()), List.copyOf(perUnit.values()), List.copyOf(raters));
    }

    int categoryCount() {
        return categories.size();
    }

    int ratingsOf(int unit) {
        return byRater.get(unit).size();
    }

    /** Units rated by two or more raters: the only ones that say anything about agreement. */
    int[] pairableUnits() {
        return java.util.stream.IntStream.range(0, units.size()).filter(u -> ratingsOf(u) >= 2).toArray();
    }

    /** The units both raters rated, as (category of a, category of b) per unit. */
    int[][] shared(String a, String b) {
        var pairs = new ArrayList<int[]>();
        for (var unit : byRater) {
            var ca = unit.get(a);
            var cb = unit.get(b);
            if (ca != null && cb != null) {
                pairs.add(new int[]{ca, cb});
            }
        }
        return pairs.toArray(int[][]::new);
    }
}
