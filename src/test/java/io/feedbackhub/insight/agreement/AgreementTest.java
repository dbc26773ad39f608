package io.feedbackhub.insight.agreement;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coefficients against published worked examples, and against a direct implementation of their definitions. */
class AgreementTest {

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication, §C: four
     * observers, twelve units, values 1–5, missing ratings. The paper gives α nominal = 0.743; ordinal 0.815 and
     * interval 0.849 are the values for the same data reported with the paper's formulas (§E, §F) by the reference
     * implementation of the Python package krippendorff (its tests use this matrix).
     */
    @Test
    void krippendorffs_alpha_reproduces_the_2011_reliability_data_example() {
        var report = Agreement.measure(krippendorff2011());

        assertEquals(0.743, report.alpha().get(Level.NOMINAL).value(), 5e-4);
        assertEquals(0.815, report.alpha().get(Level.ORDINAL).value(), 5e-4);
        assertEquals(0.849, report.alpha().get(Level.INTERVAL).value(), 5e-4);
        assertEquals(12, report.units());
        assertEquals(9 + 11 + 10 + 11, report.ratings(), "A rated 9 units, B 11, C 10, D 11");
    }

    /**
     * Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5):378–382,
     * Table 1: 30 patients, each diagnosed by 6 psychiatrists (not the same six for every patient) into 1 depression,
     * 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other. The table as data is the {@code diagnoses} dataset
     * of R's irr package (Gamer, Lemon, Fellows and Singh), one row per patient, one column per rater, copied here
     * from its CSV export in pyirr (github.com/sophiedkk/pyirr, pyrr/tests/diagnoses.csv), checked against the
     * paper's P̄ = .556 and P̄e = .220. {@code irr::kappam.fleiss(diagnoses, detail = TRUE)} gives κ = 0.430 and, per
     * category against the rest, 0.245, 0.245, 0.520, 0.471, 0.566 (Fleiss' eq. 16). (Its z = 17.652 rests on the
     * standard error under the null, which this report does not give: its intervals are bootstrapped.)
     */
    @Test
    void fleiss_kappa_reproduces_fleiss_1971_table_1_and_irr_on_its_diagnoses() {
        int[][] diagnoses = {
                {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
                {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
                {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
                {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
                {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
                {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};
        String[] names = {"1. Depression", "2. Personality Disorder", "3. Schizophrenia", "4. Neurosis", "5. Other"};
        var ratings = new ArrayList<Rating>();
        for (int patient = 0; patient < diagnoses.length; patient++) {
            for (int rater = 0; rater < 6; rater++) {
                ratings.add(new Rating("patient-" + (patient + 1), "rater" + (rater + 1), names[diagnoses[patient][rater] - 1], null));
            }
        }

        var report = Agreement.measure(ratings);

        assertEquals(30, report.units());
        assertEquals(0.556, report.percentAgreement().value(), 5e-4, "Fleiss' P̄");
        assertEquals(0.430, report.fleissKappa().value(), 5e-4);
        assertEquals(List.of(names), report.categories());
        double[] perCategory = {0.245, 0.245, 0.520, 0.471, 0.566};
        for (int c = 0; c < names.length; c++) {
            var label = report.labels().get(c);
            assertEquals(names[c], label.label());
            assertEquals(perCategory[c], label.kappa().value(), 5e-4, names[c]);
        }
        var interval = report.fleissKappa().interval();
        assertTrue(interval.low() < 0.430 && 0.430 < interval.high() && interval.low() > 0.2, "bootstrap interval " + interval);
    }

    /** An alert rule's one coefficient is the report's, interval and all, and nothing without enough overlap. */
    @Test
    void one_coefficient_measured_alone_is_the_reports_own() {
        var kripp = Agreement.measure(krippendorff2011());
        var readers = Agreement.measure(twoReaders(20, 5, 10, 15));

        assertEquals(kripp.alpha().get(Level.NOMINAL), Agreement.measure(krippendorff2011(), Coefficient.ALPHA_NOMINAL).estimate());
        assertEquals(kripp.alpha().get(Level.ORDINAL), Agreement.measure(krippendorff2011(), Coefficient.ALPHA_ORDINAL).estimate());
        assertEquals(kripp.alpha().get(Level.INTERVAL), Agreement.measure(krippendorff2011(), Coefficient.ALPHA_INTERVAL).estimate());
        assertEquals(kripp.fleissKappa(), Agreement.measure(krippendorff2011(), Coefficient.FLEISS_KAPPA).estimate());
        assertEquals(kripp.percentAgreement(), Agreement.measure(krippendorff2011(), Coefficient.PERCENT_AGREEMENT).estimate());
        assertEquals(kripp.pairableUnits(), Agreement.measure(krippendorff2011(), Coefficient.FLEISS_KAPPA).pairableUnits());
        assertNull(Agreement.measure(krippendorff2011(), Coefficient.COHEN_KAPPA).estimate().value(), "four observers: no Cohen's κ");
        assertEquals(readers.cohenKappa(), Agreement.measure(twoReaders(20, 5, 10, 15), Coefficient.COHEN_KAPPA).estimate());
        var few = Agreement.measure(twoReaders(3, 1, 1, 3), Coefficient.COHEN_KAPPA);
        assertEquals(8, few.pairableUnits());
        assertNull(few.estimate().value(), "not enough overlap to say");
    }

    /** The worked example of Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters, 5 categories): P̄ = 0.378, P̄e = 0.213, κ = 0.210. */
    @Test
    void fleiss_kappa_reproduces_the_wikipedia_worked_example() {
        int[][] table = {
                {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
                {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        var ratings = new ArrayList<Rating>();
        for (int subject = 0; subject < table.length; subject++) {
            int rater = 0;
            for (int category = 0; category < 5; category++) {
                for (int i = 0; i < table[subject][category]; i++) {
                    ratings.add(new Rating("s" + subject, "r" + rater++, "c" + (category + 1), null));
                }
            }
        }

        var report = Agreement.measure(ratings);

        assertEquals(0.378, report.percentAgreement().value(), 5e-4);
        assertEquals(0.210, report.fleissKappa().value(), 5e-4);
        assertFalse(report.alpha().containsKey(Level.ORDINAL), "labels without scores have no order");
    }

    /**
     * Wikipedia, "Cohen's kappa", worked examples: 50 proposals read by two readers, 20 yes–yes, 5 yes–no, 10 no–yes,
     * 15 no–no: p_o = 0.7, p_e = 0.5, κ = 0.4; and the two tables with the same agreement but different κ
     * (45/15/25/15: κ = 0.1304; 25/35/5/35: κ = 0.2593).
     */
    @Test
    void cohens_kappa_reproduces_the_wikipedia_worked_examples() {
        var report = Agreement.measure(twoReaders(20, 5, 10, 15));

        assertEquals(0.7, report.percentAgreement().value(), 1e-12);
        assertEquals(0.4, report.cohenKappa().value(), 1e-12);
        assertEquals(0.1304, Agreement.measure(twoReaders(45, 15, 25, 15)).cohenKappa().value(), 5e-5);
        assertEquals(0.2593, Agreement.measure(twoReaders(25, 35, 5, 35)).cohenKappa().value(), 5e-5);
        var pair = report.pairs().getFirst();
        assertArrayEquals(new int[][]{{15, 10}, {5, 20}}, pair.confusion(), "rows: reader a's no, yes; columns: reader b's");
    }

    @Test
    void with_two_labels_each_labels_kappa_is_the_overall_kappa() {
        var report = Agreement.measure(twoReaders(20, 5, 10, 15));

        for (var label : report.labels()) {
            assertEquals(report.fleissKappa().value(), label.kappa().value(), 1e-12, label.label());
        }
    }

    @Test
    void below_the_minimum_overlap_no_coefficient_is_given() {
        var ratings = new ArrayList<Rating>();
        for (int unit = 0; unit < Agreement.MIN_OVERLAP - 1; unit++) {
            ratings.add(new Rating("u" + unit, "a", unit % 2 == 0 ? "yes" : "no", null));
            ratings.add(new Rating("u" + unit, "b", "yes", null));
        }
        ratings.add(new Rating("alone", "a", "yes", null));

        var report = Agreement.measure(ratings);

        assertFalse(report.enoughOverlap());
        assertEquals(Agreement.MIN_OVERLAP - 1, report.pairableUnits());
        assertNull(report.fleissKappa());
        assertTrue(report.alpha().isEmpty());
        assertFalse(report.pairs().getFirst().enoughOverlap());
        assertNull(report.pairs().getFirst().cohenKappa());
    }

    @Test
    void every_interval_holds_its_estimate_and_is_the_same_on_every_run() {
        var first = Agreement.measure(krippendorff2011Repeated());
        var second = Agreement.measure(krippendorff2011Repeated());

        for (var level : Level.values()) {
            var estimate = first.alpha().get(level);
            assertNotNull(estimate.interval(), level.wire());
            assertTrue(estimate.interval().contains(estimate.value()), level + " " + estimate);
            assertTrue(estimate.interval().high() - estimate.interval().low() > 0.01, "a resample must move α: " + estimate);
            assertEquals(estimate, second.alpha().get(level));
        }
        assertTrue(first.fleissKappa().interval().contains(first.fleissKappa().value()));
    }

    @Test
    void one_value_everywhere_leaves_kappa_undefined_not_a_number() {
        var report = Agreement.measure(twoReaders(12, 0, 0, 0));

        assertEquals(1.0, report.percentAgreement().value());
        assertNull(report.fleissKappa().value());
        assertNull(report.cohenKappa().value());
    }

    /** The coefficients as computed here agree with their definitions evaluated pair by pair, on random data. */
    @Property(tries = 200)
    void the_coefficients_match_their_definitions_pair_by_pair(@ForAll @IntRange(min = 10, max = 40) int units,
                                                                @ForAll @IntRange(min = 2, max = 6) int raters,
                                                                @ForAll @IntRange(min = 2, max = 5) int values,
                                                                @ForAll long seed) {
        var random = new Random(seed);
        var ratings = new ArrayList<Rating>();
        for (int u = 0; u < units; u++) {
            for (int r = 0; r < raters; r++) {
                if (random.nextInt(4) > 0) {
                    int v = random.nextInt(values);
                    ratings.add(new Rating("u" + u, "r" + r, "v" + v, (double) v * v)); // unequal steps: interval ≠ ordinal
                }
            }
        }
        var report = Agreement.measure(ratings);
        var direct = new DirectDefinitions(ratings);
        if (!report.enoughOverlap()) {
            return;
        }

        assertClose(direct.percentAgreement(), report.percentAgreement().value());
        assertClose(direct.fleissKappa(), report.fleissKappa().value());
        for (var level : Level.values()) {
            assertClose(direct.alpha(level), report.alpha().get(level).value());
        }
        for (var pair : report.pairs()) {
            if (pair.enoughOverlap()) {
                assertClose(direct.cohenKappa(pair.raterA(), pair.raterB()), pair.cohenKappa().value());
            }
        }
    }

    private static void assertClose(double expected, Double actual) {
        if (Double.isNaN(expected)) {
            assertNull(actual);
        } else {
            assertEquals(expected, actual, 1e-9);
        }
    }

    private static List<Rating> twoReaders(int yesYes, int yesNo, int noYes, int noNo) {
        var ratings = new ArrayList<Rating>();
        int unit = 0;
        for (var cell : List.of(new Object[]{yesYes, "yes", "yes"}, new Object[]{yesNo, "yes", "no"},
                new Object[]{noYes, "no", "yes"}, new Object[]{noNo, "no", "no"})) {
            for (int i = 0; i < (int) cell[0]; i++, unit++) {
                ratings.add(new Rating("p" + unit, "a", (String) cell[1], null));
                ratings.add(new Rating("p" + unit, "b", (String) cell[2], null));
            }
        }
        return ratings;
    }

    private static List<Rating> krippendorff2011() {
        String[] observers = {"A", "B", "C", "D"};
        Integer[][] data = {
                {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
                {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
                {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
                {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}};
        var ratings = new ArrayList<Rating>();
        for (int o = 0; o < observers.length; o++) {
            for (int u = 0; u < data[o].length; u++) {
                if (data[o][u] != null) {
                    ratings.add(new Rating("unit" + (u + 1), observers[o], String.valueOf(data[o][u]), (double) data[o][u]));
                }
            }
        }
        return ratings;
    }

    /** The 2011 example three times over (as 36 units), for an interval wider than one unit's worth of data. */
    private static List<Rating> krippendorff2011Repeated() {
        var ratings = new ArrayList<Rating>();
        for (int copy = 0; copy < 3; copy++) {
            for (var r : krippendorff2011()) {
                ratings.add(new Rating(r.unit() + "#" + copy, r.rater(), r.value(), r.score()));
            }
        }
        return ratings;
    }
}
