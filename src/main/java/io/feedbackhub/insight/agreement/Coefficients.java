package io.feedbackhub.insight.agreement;

/**
 * The agreement coefficients over a selection of units ({@code pick}, which a bootstrap resample repeats), each
 * NaN where it is undefined. Units with fewer than two ratings must not be picked: they hold no pair to agree on.
 */
final class Coefficients {
    private Coefficients() {
    }

    /**
     * The share of agreeing pairs of ratings within a unit, averaged over units (Fleiss 1971's P̄; with two raters,
     * the share of units they agree on).
     */
    static double percentAgreement(int[][] counts, int[] pick) {
        double sum = 0;
        for (int u : pick) {
            sum += unitAgreement(counts[u]);
        }
        return pick.length == 0 ? Double.NaN : sum / pick.length;
    }

    /**
     * Fleiss' κ (Fleiss 1971), for any number of raters per unit: (P̄ − P̄e) / (1 − P̄e), with P̄e the sum of the
     * squared category shares over all ratings. With the same number of raters on every unit it is Fleiss' own.
     */
    static double fleissKappa(int[][] counts, int[] pick) {
        int k = counts.length == 0 ? 0 : counts[0].length;
        double[] share = new double[k];
        double total = 0;
        for (int u : pick) {
            for (int c = 0; c < k; c++) {
                share[c] += counts[u][c];
                total += counts[u][c];
            }
        }
        double expected = 0;
        for (int c = 0; c < k; c++) {
            expected += (share[c] / total) * (share[c] / total);
        }
        return kappa(percentAgreement(counts, pick), expected);
    }

    /**
     * Fleiss' κ for one category against all others (Fleiss 1971, eq. 16, with each unit's own number of raters):
     * 1 − Σ n_uj (n_u − n_uj) / (n_u − 1) over Σ n_u p_j q_j.
     */
    static double categoryKappa(int[][] counts, int[] pick, int category) {
        double observed = 0;
        double ratings = 0;
        double inCategory = 0;
        for (int u : pick) {
            int n = 0;
            for (int c : counts[u]) {
                n += c;
            }
            int j = counts[u][category];
            observed += (double) j * (n - j) / (n - 1);
            ratings += n;
            inCategory += j;
        }
        double p = inCategory / ratings;
        double denominator = ratings * p * (1 - p);
        return denominator == 0 ? Double.NaN : 1 - observed / denominator;
    }

    /** Cohen's κ (Cohen 1960) over pairs of (category of rater a, category of rater b). */
    static double cohenKappa(int[][] pairs, int[] pick, int k) {
        double[] rows = new double[k];
        double[] columns = new double[k];
        double agree = 0;
        for (int i : pick) {
            rows[pairs[i][0]]++;
            columns[pairs[i][1]]++;
            if (pairs[i][0] == pairs[i][1]) {
                agree++;
            }
        }
        double n = pick.length;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            expected += rows[c] / n * columns[c] / n;
        }
        return kappa(agree / n, expected);
    }

    static double pairAgreement(int[][] pairs, int[] pick) {
        double agree = 0;
        for (int i : pick) {
            if (pairs[i][0] == pairs[i][1]) {
                agree++;
            }
        }
        return agree / pick.length;
    }

    /**
     * Krippendorff's α from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
     * α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, missing ratings allowed.
     */
    static double krippendorffAlpha(int[][] counts, int[] pick, double[][] delta) {
        int k = delta.length;
        double[][] o = coincidences(counts, pick, k);
        double[] nc = new double[k];
        double n = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                nc[c] += o[c][d];
            }
            n += nc[c];
        }
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                observed += o[c][d] * delta[c][d];
                expected += nc[c] * nc[d] * delta[c][d];
            }
        }
        return expected == 0 ? Double.NaN : 1 - (n - 1) * observed / expected;
    }

    /** Krippendorff's coincidence matrix: each unit's ordered pairs of values, weighted 1 / (m_u − 1). */
    static double[][] coincidences(int[][] counts, int[] pick, int k) {
        double[][] o = new double[k][k];
        for (int u : pick) {
            int m = 0;
            for (int c : counts[u]) {
                m += c;
            }
            for (int c = 0; c < k; c++) {
                if (counts[u][c] == 0) {
                    continue;
                }
                for (int d = 0; d < k; d++) {
                    int pairs = counts[u][c] * (counts[u][d] - (c == d ? 1 : 0));
                    o[c][d] += (double) pairs / (m - 1);
                }
            }
        }
        return o;
    }

    /**
     * δ² per pair of categories at a level. Ordinal δ² uses the marginal totals n_g of the coincidence matrix of all
     * pairable values (Krippendorff 2011, §E): (Σ_{g=c..k} n_g − (n_c + n_k)/2)², fixed once per data set.
     */
    static double[][] delta(Level level, double[] scores, double[] marginals) {
        int k = marginals.length;
        double[][] delta = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                delta[c][d] = switch (level) {
                    case NOMINAL -> c == d ? 0 : 1;
                    case INTERVAL -> (scores[c] - scores[d]) * (scores[c] - scores[d]);
                    case ORDINAL -> {
                        int lo = Math.min(c, d);
                        int hi = Math.max(c, d);
                        double mass = 0;
                        for (int g = lo; g <= hi; g++) {
                            mass += marginals[g];
                        }
                        double v = mass - (marginals[c] + marginals[d]) / 2;
                        yield v * v;
                    }
                };
            }
        }
        return delta;
    }

    private static double unitAgreement(int[] counts) {
        int n = 0;
        double agreeing = 0;
        for (int c : counts) {
            n += c;
            agreeing += (double) c * (c - 1);
        }
        return agreeing / ((double) n * (n - 1));
    }

    private static double kappa(double observed, double expected) {
        return expected >= 1 ? Double.NaN : (observed - expected) / (1 - expected);
    }
}
