package org.braggflow.cluster.kmeans;

/**
 * The mean silhouette of a partition (P. J. Rousseeuw, J. Comput. Appl. Math. 20, 1987): for point
 * i, a(i) is its mean distance to the other points of its cluster, b(i) the smallest mean distance
 * to the points of another cluster, and s(i) = (b - a) / max(a, b); a point alone in its cluster
 * has s = 0. The mean over all points lies in [-1, 1]; the k with the largest mean is chosen.
 *
 * <p>Every partition of one sweep is measured on the same points, so their pairwise Euclidean
 * distances are computed once (n (n - 1) / 2 floats, 8 MB for 2000 points) and each k costs n^2
 * additions.
 */
final class Silhouette {

    private final int n;
    /** Distance of points i > j at {@code i * (i - 1) / 2 + j}. */
    private final float[] distance;

    Silhouette(ScaledFeatures x) {
        n = x.n;
        distance = new float[(int) ((long) n * (n - 1) / 2)];
        for (int i = 1; i < n; i++) {
            int row = i * (i - 1) / 2;
            for (int j = 0; j < i; j++) distance[row + j] = (float) Math.sqrt(x.distanceSquared(i, x.values, j));
        }
    }

    /** The mean silhouette of labels 0 .. k-1 (unused labels allowed); 0 for one cluster. */
    double mean(int[] labels, int k) {
        if (k < 2) return 0;
        int[] size = new int[k];
        for (int l : labels) size[l]++;
        // sum of distances from each point to each cluster
        double[] sums = new double[n * k];
        for (int i = 1; i < n; i++) {
            int row = i * (i - 1) / 2, li = labels[i];
            for (int j = 0; j < i; j++) {
                double dd = distance[row + j];
                sums[i * k + labels[j]] += dd;
                sums[j * k + li] += dd;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            int own = labels[i];
            if (size[own] < 2) continue;
            double a = sums[i * k + own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) if (c != own && size[c] > 0) b = Math.min(b, sums[i * k + c] / size[c]);
            if (b == Double.POSITIVE_INFINITY) continue;
            double m = Math.max(a, b);
            if (m > 0) total += (b - a) / m;
        }
        return total / n;
    }
}
