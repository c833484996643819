package org.braggflow.cluster.kmeans;

import java.util.Arrays;
import org.braggflow.api.result.FeatureTable;

/**
 * The positions that lie inside a domain rather than on its edge: those whose feature vector is
 * closest to the vectors of their neighbours on the scan grid. A position beside a domain boundary
 * (or the particle's edge) sees a peak stitched from two domains, as the drift moves the beam across
 * the boundary from one rocking angle to the next; its features fall between the domains' and, in
 * number, such positions can outweigh a small domain. Choosing k and fitting the centres on the core
 * positions keeps them from forming clusters of their own; every position is then assigned to its
 * nearest centre.
 */
final class CorePositions {

    /** Below this many core positions the choice is made on all positions. */
    static final int MIN_CORE = 20;

    private CorePositions() {
    }

    /**
     * Indices (ascending) of the {@code share} of positions with the smallest median distance to their
     * 4-neighbours on the grid; positions without a neighbour in the table are never core. All indices
     * when share >= 1 or when the core would be smaller than {@link #MIN_CORE}.
     */
    static int[] indices(FeatureTable table, ScaledFeatures x, double share) {
        int n = x.n;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (share >= 1 || n * share < MIN_CORE) return all;
        ScanGrid grid = new ScanGrid(table);
        int[][] steps = {{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
        double[] spread = new double[n];
        double[] d = new double[4];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int[] s : steps) {
                int j = grid.neighbour(i, s[0], s[1]);
                if (j >= 0) d[m++] = Math.sqrt(ScaledFeatures.distanceSquared(x.values, i * x.d, x.values, j * x.d, x.d));
            }
            spread[i] = m == 0 ? Double.POSITIVE_INFINITY : median(Arrays.copyOf(d, m));
        }
        double[] sorted = spread.clone();
        Arrays.sort(sorted);
        double cut = sorted[Math.max(0, (int) Math.ceil(share * n) - 1)];
        int[] core = java.util.stream.IntStream.range(0, n).filter(i -> spread[i] <= cut && Double.isFinite(spread[i])).toArray();
        return core.length < MIN_CORE ? all : core;
    }

    /** Every position's nearest centre of a partition of some of them ({@code rows} of x, labelled by {@code part}). */
    static KMeans.Partition assignAll(ScaledFeatures x, int[] rows, KMeans.Partition part) {
        int k = part.k();
        int[] labels = part.labels();
        double[] centres = ScanGrid.centres(x, rows, labels, k);
        int[] counts = new int[k];
        for (int l : labels) counts[l]++;
        int[] all = new int[x.n];
        double within = 0;
        for (int i = 0; i < x.n; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) continue;
                double dist = x.distanceSquared(i, centres, c);
                if (dist < bestD) {
                    bestD = dist;
                    best = c;
                }
            }
            all[i] = best;
            within += bestD;
        }
        return new KMeans.Partition(all, k, within, 0, true);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length;
        return m % 2 == 1 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
    }
}
