package org.braggflow.features.blocks;

import java.util.Arrays;
import java.util.List;

/**
 * One block of features: n positions x d columns, row-major, with the column operations the blocks
 * design needs. Every operation is in place and deterministic.
 */
final class FeatureBlock {

    final int n;
    final int d;
    /** Position i, column j at {@code values[i * d + j]}. */
    final double[] values;

    FeatureBlock(int n, int d) {
        this.n = n;
        this.d = d;
        this.values = new double[n * d];
    }

    double get(int i, int j) {
        return values[i * d + j];
    }

    void set(int i, int j, double v) {
        values[i * d + j] = v;
    }

    double[] column(int j) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = values[i * d + j];
        return c;
    }

    /** Replaces undefined values (NaN) of each column by the column's median over the defined ones (0 when none is). */
    void fillUndefinedWithMedian() {
        for (int j = 0; j < d; j++) {
            double[] defined = Arrays.stream(column(j)).filter(Double::isFinite).sorted().toArray();
            double median = defined.length == 0 ? 0 : quantileOfSorted(defined, 0.5);
            for (int i = 0; i < n; i++) if (!Double.isFinite(get(i, j))) set(i, j, median);
        }
    }

    /**
     * Clips each column to its {@code share} and {@code 1 - share} quantiles. A planted or real domain
     * holding more than {@code share} of the positions lies inside that range, so only rarer
     * values (weak peaks at the particle's edge, a hot position) are pulled in.
     */
    void winsorize(double share) {
        if (share <= 0 || n < 3) return;
        for (int j = 0; j < d; j++) {
            double[] sorted = column(j);
            Arrays.sort(sorted);
            double lo = quantileOfSorted(sorted, share), hi = quantileOfSorted(sorted, 1 - share);
            for (int i = 0; i < n; i++) set(i, j, Math.min(hi, Math.max(lo, get(i, j))));
        }
    }

    /** Subtracts each column's mean; returns the column variances (divided by n - 1). */
    double[] centre() {
        double[] variance = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += get(i, j);
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = get(i, j) - mean;
                set(i, j, v);
                ss += v * v;
            }
            variance[j] = n > 1 ? ss / (n - 1) : 0;
        }
        return variance;
    }

    /** Centres and divides every column by its standard deviation; constant columns become 0. */
    void zScore() {
        double[] variance = centre();
        for (int j = 0; j < d; j++) {
            double s = variance[j] > 0 ? 1 / Math.sqrt(variance[j]) : 0;
            for (int i = 0; i < n; i++) set(i, j, get(i, j) * s);
        }
    }

    /**
     * Centres every column and divides it by its noise: the spread of the differences between
     * neighbouring positions on the scan grid (median absolute difference over the horizontal and
     * vertical neighbour pairs, as a Gaussian's standard deviation of one value). Domains are
     * contiguous, so almost every neighbour pair lies inside one domain and measures noise only; a
     * column that separates domains then has a large variance, one that only carries noise a
     * variance near 1, and the later scaling of the block favours the informative columns instead
     * of giving each the same share as a z-score would. A column without neighbour pairs or
     * without measurable noise is z-scored instead.
     *
     * @param positions row-major grid index of each row of the block
     */
    void scaleByNeighbourNoise(int[] positions, int cols) {
        java.util.Map<Integer, Integer> rowOf = new java.util.HashMap<>();
        for (int i = 0; i < positions.length; i++) rowOf.put(positions[i], i);
        List<int[]> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            Integer right = p % cols + 1 < cols ? rowOf.get(p + 1) : null;
            Integer below = rowOf.get(p + cols);
            if (right != null) pairs.add(new int[] {i, right});
            if (below != null) pairs.add(new int[] {i, below});
        }
        double[] variance = centre();
        for (int j = 0; j < d; j++) {
            double noise = 0;
            if (!pairs.isEmpty()) {
                double[] diff = new double[pairs.size()];
                for (int k = 0; k < diff.length; k++) diff[k] = Math.abs(get(pairs.get(k)[0], j) - get(pairs.get(k)[1], j));
                Arrays.sort(diff);
                // |x - y| of two N(0, s) values has median 0.6745 * sqrt(2) * s
                noise = quantileOfSorted(diff, 0.5) / (0.6745 * Math.sqrt(2));
            }
            if (!(noise > 0)) noise = Math.sqrt(variance[j]);
            double s = noise > 0 ? 1 / noise : 0;
            for (int i = 0; i < n; i++) set(i, j, get(i, j) * s);
        }
    }

    /** Total variance: the sum of the column variances (columns must be centred). */
    double totalVariance() {
        double ss = 0;
        for (double v : values) ss += v * v;
        return n > 1 ? ss / (n - 1) : 0;
    }

    /** Multiplies the (centred) block so that its total variance equals {@code weight}; a block without spread stays 0. */
    void scaleToTotalVariance(double weight) {
        double total = totalVariance();
        double s = total > 0 ? Math.sqrt(weight / total) : 0;
        for (int k = 0; k < values.length; k++) values[k] *= s;
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantileOfSorted(double[] sorted, double p) {
        if (sorted.length == 1) return sorted[0];
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
