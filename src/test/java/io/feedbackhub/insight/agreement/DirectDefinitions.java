package io.feedbackhub.insight.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coefficients written from their textbook definitions, pair of ratings by pair of ratings, with no coincidence
 * matrix and no category counts: the independent implementation the production code is checked against.
 */
final class DirectDefinitions {
    private final Map<String, Map<String, Rating>> units = new LinkedHashMap<>();

    DirectDefinitions(List<Rating> ratings) {
        for (var r : ratings) {
            units.computeIfAbsent(r.unit(), u -> new LinkedHashMap<>()).put(r.rater(), r);
        }
    }

    private List<List<Rating>> pairable() {
        var result = new ArrayList<List<Rating>>();
        for (var unit : units.values()) {
            if (unit.size() >= 2) {
                result.add(new ArrayList<>(unit.values()));
            }
        }
        return result;
    }

    double percentAgreement() {
        double sum = 0;
        var pairable = pairable();
        for (var unit : pairable) {
            int agree = 0;
            int pairs = 0;
            for (int i = 0; i < unit.size(); i++) {
                for (int j = 0; j < unit.size(); j++) {
                    if (i != j) {
                        pairs++;
                        agree += unit.get(i).value().equals(unit.get(j).value()) ? 1 : 0;
                    }
                }
            }
            sum += (double) agree / pairs;
        }
        return sum / pairable.size();
    }

    /** Chance agreement: two ratings drawn with replacement from all pairable ratings agree. */
    double fleissKappa() {
        var all = pairable().stream().flatMap(List::stream).toList();
        double chance = 0;
        for (var a : all) {
            for (var b : all) {
                chance += a.value().equals(b.value()) ? 1 : 0;
            }
        }
        chance /= (double) all.size() * all.size();
        return chance >= 1 ? Double.NaN : (percentAgreement() - chance) / (1 - chance);
    }

    double cohenKappa(String a, String b) {
        var shared = units.values().stream().filter(u -> u.containsKey(a) && u.containsKey(b)).toList();
        double n = shared.size();
        double agree = shared.stream().filter(u -> u.get(a).value().equals(u.get(b).value())).count() / n;
        double chance = 0;
        for (var x : shared) {
            for (var y : shared) {
                chance += x.get(a).value().equals(y.get(b).value()) ? 1 : 0;
            }
        }
        chance /= n * n;
        return chance >= 1 ? Double.NaN : (agree - chance) / (1 - chance);
    }

    /**
     * α = 1 − D_o / D_e: D_o averages δ² over the ordered pairs of values within each unit, weighted 1 / (m_u − 1),
     * D_e over all ordered pairs of pairable values from any units.
     */
    double alpha(Level level) {
        var pairable = pairable();
        var all = pairable.stream().flatMap(List::stream).toList();
        double n = all.size();
        double observed = 0;
        for (var unit : pairable) {
            for (int i = 0; i < unit.size(); i++) {
                for (int j = 0; j < unit.size(); j++) {
                    if (i != j) {
                        observed += delta(level, unit.get(i), unit.get(j), all) / (unit.size() - 1);
                    }
                }
            }
        }
        double expected = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j) {
                    expected += delta(level, all.get(i), all.get(j), all);
                }
            }
        }
        return expected == 0 ? Double.NaN : 1 - (observed / n) / (expected / (n * (n - 1)));
    }

    /** Ordinal: the number of pairable values ranked from one to the other, less half of each end's own. */
    private static double delta(Level level, Rating x, Rating y, List<Rating> all) {
        return switch (level) {
            case NOMINAL -> x.value().equals(y.value()) ? 0 : 1;
            case INTERVAL -> Math.pow(x.score() - y.score(), 2);
            case ORDINAL -> {
                double lo = Math.min(x.score(), y.score());
                double hi = Math.max(x.score(), y.score());
                double between = all.stream().filter(r -> r.score() >= lo && r.score() <= hi).count();
                double ends = all.stream().filter(r -> r.score() == x.score().doubleValue()).count()
                        + all.stream().filter(r -> r.score() == y.score().doubleValue()).count();
                yield Math.pow(between - ends / 2, 2);
            }
        };
    }
}
