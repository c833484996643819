package org.braggflow.cluster.kmeans;

import org.braggflow.api.result.FeatureTable;

/**
 * A pass over the domain map that relabels positions their neighbours do not support. A position
 * beside a boundary sees a peak stitched from two domains, which can look like a third kind of
 * defect (two components read as a split, a wide one as broadening); such a position seldom has
 * neighbours of that third cluster. A position with fewer than {@code support} of its 8 grid
 * neighbours in its own cluster (in proportion where the particle's edge leaves it fewer) takes, among the clusters that {@code support} or more neighbours
 * share (all of its neighbours' clusters when none does), the one whose centre is nearest its
 * features. Lobes and lines of a real domain keep their labels: along them every position has
 * neighbours of its own cluster.
 */
final class SpatialCleanup {

    private SpatialCleanup() {
    }

    /** The labels after {@code passes} passes, each reading the labels of the previous one (order-free). */
    static int[] apply(FeatureTable table, ScaledFeatures x, int[] labels, int k, int support, int passes) {
        ScanGrid grid = new ScanGrid(table);
        int[] all = new int[x.n];
        for (int i = 0; i < all.length; i++) all[i] = i;
        int[] current = labels.clone();
        for (int pass = 0; pass < passes; pass++) {
            double[] centres = ScanGrid.centres(x, all, current, k);
            int[] next = current.clone();
            int[] count = new int[k];
            for (int i = 0; i < x.n; i++) {
                java.util.Arrays.fill(count, 0);
                int neighbours = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        if (dr == 0 && dc == 0) continue;
                        int j = grid.neighbour(i, dr, dc);
                        if (j < 0) continue;
                        count[current[j]]++;
                        neighbours++;
                    }
                }
                // support is per 8 neighbours: a position on the particle's edge or beside the mask has
                // fewer, and must not lose its label for lack of neighbours that do not exist
                if (neighbours == 0 || supported(count[current[i]], neighbours, support)) continue;
                boolean anySupported = false;
                for (int v : count) anySupported |= supported(v, neighbours, support);
                int best = current[i];
                double bestD = Double.POSITIVE_INFINITY;
                for (int cl = 0; cl < k; cl++) {
                    if (count[cl] == 0 || (anySupported && !supported(count[cl], neighbours, support))) continue;
                    double d = x.distanceSquared(i, centres, cl);
                    if (d < bestD) {
                        bestD = d;
                        best = cl;
                    }
                }
                next[i] = best;
            }
            current = next;
        }
        return current;
    }

    /** Whether {@code count} of {@code neighbours} grid neighbours reach {@code support} of 8, in proportion. */
    static boolean supported(int count, int neighbours, int support) {
        return count * 8 >= support * neighbours;
    }
}
