package org.braggflow.denoise.sor;

import org.braggflow.spatial.KdTree;

/**
 * Statistical outlier removal (docs/method.md, section 3; MATLAB pcdenoise, PCL StatisticalOutlierRemoval).
 *
 * <p>For each point, d_i is the mean Euclidean distance to its k nearest neighbours, the point itself
 * excluded (a duplicate of the point counts as a neighbour at distance 0). With m and s the mean and
 * sample standard deviation (n - 1) of all d_i, a point is kept when d_i <= m + stdRatio * s: the
 * test is one-sided and the boundary is an inlier, as in PCL. Clouds with fewer than k + 1 points
 * use all other points as neighbours.
 */
final class StatisticalOutlierRemoval {

    /** Clouds of at least this many points spread their neighbour queries over all cores. */
    static final int PARALLEL_ABOVE = 20_000;

    private StatisticalOutlierRemoval() {
    }

    /** Mean distance of every point to its k nearest neighbours. */
    static double[] meanNeighbourDistances(float[] xyz, int k) {
        // large clouds (a single one run from the command line or a benchmark) use every core; the
        // clouds of a scan are already processed in parallel across positions, so small ones stay serial
        int n = xyz.length / 3;
        return new KdTree(xyz).meanNeighbourDistances(k, n >= PARALLEL_ABOVE);
    }

    /** Which points are inliers. */
    static boolean[] inliers(float[] xyz, int k, double stdRatio) {
        double[] d = meanNeighbourDistances(xyz, k);
        int n = d.length;
        boolean[] keep = new boolean[n];
        if (n < 3) {
            java.util.Arrays.fill(keep, true);
            return keep;
        }
        double sum = 0, sumSq = 0;
        for (double v : d) {
            sum += v;
            sumSq += v * v;
        }
        double m = sum / n;
        double variance = Math.max(0, (sumSq - sum * sum / n) / (n - 1));
        double threshold = m + stdRatio * Math.sqrt(variance);
        for (int i = 0; i < n; i++) keep[i] = d[i] <= threshold;
        return keep;
    }
}
