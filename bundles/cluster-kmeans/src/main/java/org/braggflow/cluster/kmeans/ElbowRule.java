package org.braggflow.cluster.kmeans;

/**
 * The elbow rule of the authors' kmeans_opt (docs/method.md, section 7).
 *
 * <p>With D(k) the smallest total within-cluster sum of squares found for k clusters,
 * k = 1 .. K_max, the drops D(k-1) - D(k) are accumulated and divided by the whole drop
 * D(1) - D(K_max); the chosen k is the first whose cumulative share exceeds the cutoff.
 */
final class ElbowRule {

    private ElbowRule() {
    }

    /** K_max: the parameter, or ceil(sqrt(n)) when it is 0 (kmeans_opt's default); never more than n. */
    static int maxK(int parameter, int n) {
        int k = parameter > 0 ? parameter : (int) Math.ceil(Math.sqrt(n));
        return Math.max(1, Math.min(k, n));
    }

    /**
     * Chooses k from the elbow curve.
     *
     * <p>Index convention. Here {@code curve[k - 1] = D(k)}: the array is 0-based, k is 1-based.
     * The drop at array index i is {@code drop[i] = curve[i] - curve[i + 1] = D(i + 1) - D(i + 2)},
     * the gain of going from k = i + 1 to k = i + 2, for i = 0 .. K_max - 2, and
     * {@code share[i] = (drop[0] + .. + drop[i]) / (D(1) - D(K_max)) = (D(1) - D(i + 2)) / (D(1) - D(K_max))}.
     * kmeans_opt (1-based MATLAB) takes r = the first 1-based index with share > cutoff and returns
     * K = 1 + r; our 0-based i is r - 1, so K = i + 2: the k at which the cumulative drop first
     * exceeds the cutoff share of the whole drop.
     *
     * <p>Worked example, cutoff 0.95: D = 100, 40, 15, 6, 5, 4.5, 4 (K_max = 7). The whole drop is
     * 96; drops 60, 25, 9, 1, 0.5, 0.5; cumulative shares 0.625, 0.885, 0.979, ...; the first above
     * 0.95 is at i = 2 (r = 3), so k = 4. The comparison is strict: a share exactly equal to the
     * cutoff does not stop the search.
     *
     * <p>Cases kmeans_opt leaves undefined: a curve of one value, or one that does not fall
     * (D(1) <= D(K_max), e.g. all positions identical), gives k = 1, since no split explains
     * anything; when no share exceeds the cutoff (cutoff 1) k = K_max.
     *
     * @param curve D(1) .. D(K_max)
     * @param cutoff share of the whole drop, in [0, 1]
     * @return the chosen k, 1 .. curve.length
     */
    static int choose(double[] curve, double cutoff) {
        int maxK = curve.length;
        if (maxK <= 1) return 1;
        double whole = curve[0] - curve[maxK - 1];
        if (!(whole > 0)) return 1;
        double cumulative = 0;
        for (int i = 0; i < maxK - 1; i++) {
            cumulative += curve[i] - curve[i + 1];
            if (cumulative / whole > cutoff) return i + 2;
        }
        return maxK;
    }
}
