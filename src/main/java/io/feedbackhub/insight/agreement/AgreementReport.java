package io.feedbackhub.insight.agreement;

import java.util.List;
import java.util.Map;

/**
 * How far raters agree on one name's labels. With fewer than {@link Agreement#MIN_OVERLAP} units rated by two or
 * more raters, {@code enoughOverlap} is false and no coefficient is given: "not enough overlap to say".
 *
 * @param cohenKappa only when exactly two raters rated the units (else see {@code pairs})
 * @param alpha Krippendorff's α per level; ordinal and interval only when every label has a score
 * @param coincidences Krippendorff's coincidence matrix over {@code categories}: how often value c was paired with
 *                     value k within a unit (the many-rater confusion matrix; symmetric)
 */
public record AgreementReport(
        int units,
        int ratings,
        int raters,
        int pairableUnits,
        int minimumOverlap,
        boolean enoughOverlap,
        List<String> categories,
        Estimate percentAgreement,
        Estimate fleissKappa,
        Estimate cohenKappa,
        Map<Level, Estimate> alpha,
        List<LabelAgreement> labels,
        List<PairAgreement> pairs,
        double[][] coincidences) {

    /** Fleiss' κ for one label against all others, and how many ratings gave it. */
    public record LabelAgreement(String label, int ratings, Estimate kappa) {
    }

    /**
     * Two raters over the units both rated: their percent agreement, Cohen's κ, and confusion matrix (rows: rater
     * a's label, columns: rater b's, over the report's categories). Below the minimum overlap only the count is given.
     */
    public record PairAgreement(String raterA, String raterB, int sharedUnits, boolean enoughOverlap,
                                Estimate percentAgreement, Estimate cohenKappa, int[][] confusion) {
    }
}
