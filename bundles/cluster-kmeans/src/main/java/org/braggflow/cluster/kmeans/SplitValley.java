package org.braggflow.cluster.kmeans;

/**
 * Whether the best split of the points into two clusters cuts through a valley of their density:
 * the test that lets a criterion answer "one cluster".
 *
 * <p>The points are projected onto the line through the two k-means centres; 2-means puts the
 * boundary at the midpoint m of the centres. A unimodal density f (one cloud, however elongated, a
 * uniform or Gaussian gradient) satisfies f(m) >= min(f(a), f(b)) for every a < m < b, so
 * f(m) / min(max over a < m of f(a), max over b > m of f(b)) is at least 1, up to sampling noise.
 * Two or more separated clusters leave few points near the boundary and the ratio near 0. Densities
 * are counts in a window of half-width h = sd / 4 of the projections (about 20 % of a uniform
 * cloud's positions), the side maxima taken over 81 evenly spaced window centres.
 *
 * <p>This is the idea behind dip-means (A. Kalogeratos and A. Likas, NIPS 2012: split only what is
 * not unimodal), with a simpler unimodality measure than Hartigan's dip.
 */
final class SplitValley {

    private SplitValley() {
    }

    /**
     * The smallest ratio over the neighbouring pairs of clusters of a partition into k clusters: each
     * pair's positions alone, split as the partition splits them. A pair neighbours when the midpoint
     * of its centres is nearer to one of them than to any other centre (no cluster lies between
     * them: two far pieces of one cut gradient would otherwise show the gap their middle pieces
     * left). With more than two domains, the best 2-way split can put a whole domain at its
     * boundary and so find no valley; some neighbouring pair of a good partition still has one. A
     * single cloud cut into k pieces has a valley between no neighbouring pair.
     */
    static double smallestPairRatio(ScaledFeatures x, int[] labels, int k) {
        int[] all = new int[x.n];
        for (int i = 0; i < all.length; i++) all[i] = i;
        double[] centres = ScanGrid.centres(x, all, labels, k);
        double smallest = Double.POSITIVE_INFINITY;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (!neighbours(centres, x.d, k, a, b)) continue;
                int count = 0;
                for (int l : labels) if (l == a || l == b) count++;
                int[] rows = new int[count], pair = new int[count];
                for (int i = 0, j = 0; i < labels.length; i++) {
                    if (labels[i] != a && labels[i] != b) continue;
                    rows[j] = i;
                    pair[j++] = labels[i] == a ? 0 : 1;
                }
                smallest = Math.min(smallest, ratio(x.rows(rows), pair));
            }
        }
        return smallest;
    }

    private static boolean neighbours(double[] centres, int d, int k, int a, int b) {
        double[] mid = new double[d];
        for (int t = 0; t < d; t++) mid[t] = 0.5 * (centres[a * d + t] + centres[b * d + t]);
        double toPair = ScaledFeatures.distanceSquared(mid, 0, centres, a * d, d);
        for (int c = 0; c < k; c++) {
            if (c != a && c != b && ScaledFeatures.distanceSquared(mid, 0, centres, c * d, d) < toPair) return false;
        }
        return true;
    }

    /** f(m) / min(left maximum, right maximum) for the partition of x into labels 0 and 1; +inf when a side is empty. */
    static double ratio(ScaledFeatures x, int[] labels) {
        int n = x.n, d = x.d;
        double[] c0 = new double[d], c1 = new double[d];
        int n0 = 0, n1 = 0;
        for (int i = 0; i < n; i++) {
            double[] c = labels[i] == 0 ? c0 : c1;
            if (labels[i] == 0) n0++;
            else n1++;
            for (int t = 0; t < d; t++) c[t] += x.values[i * d + t];
        }
        if (n0 == 0 || n1 == 0) return Double.POSITIVE_INFINITY;
        double[] axis = new double[d];
        double length = 0;
        for (int t = 0; t < d; t++) {
            c0[t] /= n0;
            c1[t] /= n1;
            axis[t] = c1[t] - c0[t];
            length += axis[t] * axis[t];
        }
        length = Math.sqrt(length);
        if (!(length > 0)) return Double.POSITIVE_INFINITY;
        double[] p = new double[n];
        double sum = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) s += (x.values[i * d + t] - c0[t]) * axis[t];
            p[i] = s / length;
            sum += p[i];
            lo = Math.min(lo, p[i]);
            hi = Math.max(hi, p[i]);
        }
        double mean = sum / n, var = 0;
        for (double v : p) var += (v - mean) * (v - mean);
        double h = Math.sqrt(var / n) / 4;
        double m = length / 2;
        double atSplit = count(p, m, h), left = 0, right = 0;
        for (int j = 0; j <= 80; j++) {
            double c = lo + j * (hi - lo) / 80;
            if (c < m) left = Math.max(left, count(p, c, h));
            else if (c > m) right = Math.max(right, count(p, c, h));
        }
        double side = Math.min(left, right);
        return side > 0 ? atSplit / side : Double.POSITIVE_INFINITY;
    }

    private static int count(double[] p, double centre, double h) {
        int c = 0;
        for (double v : p) if (Math.abs(v - centre) <= h) c++;
        return c;
    }
}
