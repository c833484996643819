package org.braggflow.encode.foldingnet;

/**
 * The encoder's input (FoldingNet section 3.1, docs/method.md, section 5): the k-nearest-neighbour graph of a
 * cloud, the point itself included, and each point's 12-d input of its coordinates and a 3x3 local
 * matrix.
 *
 * <p>Neighbours are ordered by squared Euclidean distance, computed exactly in double precision;
 * equal distances keep the lower point index first, so the point itself comes first unless an exact
 * duplicate of it has a lower index.
 */
final class KnnGraph {

    private KnnGraph() {
    }

    /**
     * The {@code k} nearest neighbours of every point of {@code xyz} ({@code x0,y0,z0,x1,...}),
     * {@code k} indices per point, nearest first.
     */
    static int[] neighbours(double[] xyz, int k) {
        return neighbours(xyz, k, NeighbourOrder.EXACT);
    }

    static int[] neighbours(double[] xyz, int k, NeighbourOrder order) {
        int n = xyz.length / 3;
        if (k > n) throw new IllegalArgumentException("k = " + k + " exceeds the " + n + " points of the cloud");
        int[] out = new int[n * k];
        if (order == NeighbourOrder.REFERENCE) {
            ReferenceTopK.neighbours(xyz, k, out);
        } else {
            exact(xyz, n, k, out);
        }
        return out;
    }

    /** Points per leaf of the search structure: about k, so a point's own leaf nearly fills its list. */
    private static final int LEAF = 32;

    /**
     * Exact search with pruning: points are sorted along a Morton (Z-order) curve and cut into leaves
     * of {@value #LEAF} consecutive points, each with its bounding box. A point scans the leaves in
     * the order of their boxes' gap to its own leaf's box, stopping at the first gap beyond the
     * current k-th distance and skipping a leaf when its box is farther from the point than that (the
     * box distance, rounded like the point distances, never exceeds the distance to a point inside, so
     * nothing that could rank is skipped). Typically a few leaves are
     * scanned instead of all n points: brute force with insertion ranking was about 20 ms per cloud of
     * 2048 points, mostly ranking.
     *
     * <p>Distances are the same double expression as pairwise brute force; the ranking is by distance,
     * then index, so the result does not depend on the order in which points are scanned.
     */
    private static void exact(double[] xyz, int n, int k, int[] out) {
        int[] id = treeOrder(xyz, n);
        double[] sx = new double[n], sy = new double[n], sz = new double[n];
        for (int t = 0; t < n; t++) {
            sx[t] = xyz[3 * id[t]];
            sy[t] = xyz[3 * id[t] + 1];
            sz[t] = xyz[3 * id[t] + 2];
        }
        int leaves = (n + LEAF - 1) / LEAF;
        double[] box = new double[6 * leaves];   // per leaf: min x, y, z, max x, y, z
        for (int l = 0; l < leaves; l++) {
            java.util.Arrays.fill(box, 6 * l, 6 * l + 3, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(box, 6 * l + 3, 6 * l + 6, Double.NEGATIVE_INFINITY);
            for (int t = l * LEAF; t < Math.min(n, (l + 1) * LEAF); t++) {
                box[6 * l] = Math.min(box[6 * l], sx[t]);
                box[6 * l + 1] = Math.min(box[6 * l + 1], sy[t]);
                box[6 * l + 2] = Math.min(box[6 * l + 2], sz[t]);
                box[6 * l + 3] = Math.max(box[6 * l + 3], sx[t]);
                box[6 * l + 4] = Math.max(box[6 * l + 4], sy[t]);
                box[6 * l + 5] = Math.max(box[6 * l + 5], sz[t]);
            }
        }
        NativeArrays.parallelFor(leaves, own -> {
            double[] bestD = new double[k];
            int[] bestJ = new int[k];
            // The leaves nearest first by the gap between their box and this leaf's, which is never more than a
            // point of this leaf is from the other box: once it exceeds the k-th distance found, no later leaf
            // can hold a nearer point, and the scan stops (walking them in tree order tested every leaf's box
            // for every point; this is 1.16x on 200 demo clouds of up to 2048 points, the same neighbours).
            // One sortable long per leaf: the squared gap's bits (a double never negative orders as its bits),
            // their lowest bits replaced by the leaf's place in tree order counted from this one (own, own + 1,
            // own - 1, ...), which puts near leaves first among the many that touch this one's box. The gap so
            // truncated is never more than the gap, and it is what the scan compares, so stopping is safe.
            int placeBits = 33 - Integer.numberOfLeadingZeros(Math.max(1, leaves - 1));
            long placeMask = (1L << placeBits) - 1;
            long[] byDistance = new long[leaves];
            for (int l = 0; l < leaves; l++) {
                int place = 2 * Math.abs(l - own) - (l < own ? 1 : 0);
                byDistance[l] = Double.doubleToRawLongBits(boxGap(box, own, l)) & ~placeMask | place;
            }
            java.util.Arrays.sort(byDistance);
            int[] order = new int[leaves];
            double[] gap = new double[leaves];
            for (int i = 0; i < leaves; i++) {
                int place = (int) (byDistance[i] & placeMask);
                order[i] = (place & 1) == 0 ? own + place / 2 : own - (place + 1) / 2;
                gap[i] = Double.longBitsToDouble(byDistance[i] & ~placeMask);
            }
            for (int q = own * LEAF; q < Math.min(n, (own + 1) * LEAF); q++) {
                double xi = sx[q], yi = sy[q], zi = sz[q];
                int size = 0;
                for (int i = 0; i < leaves; i++) {
                    int l = order[i];
                    if (size == k) {
                        if (gap[i] > bestD[k - 1]) break;
                        if (boxDistance(box, l, xi, yi, zi) > bestD[k - 1]) continue;
                    }
                    for (int t = l * LEAF; t < Math.min(n, (l + 1) * LEAF); t++) {
                        double dx = sx[t] - xi, dy = sy[t] - yi, dz = sz[t] - zi;
                        size = offer(dx * dx + dy * dy + dz * dz, id[t], size, k, bestD, bestJ);
                    }
                }
                System.arraycopy(bestJ, 0, out, id[q] * k, k);
            }
        });
    }

    /**
     * Squared distance between the boxes of leaves a and b (0 where they overlap), rounded no higher than
     * the distance from any point of a to b's box: each axis's gap is the difference of two box
     * coordinates, which are point coordinates, so it never exceeds the point's own difference.
     */
    private static double boxGap(double[] box, int a, int b) {
        double dx = Math.max(0, Math.max(box[6 * b] - box[6 * a + 3], box[6 * a] - box[6 * b + 3]));
        double dy = Math.max(0, Math.max(box[6 * b + 1] - box[6 * a + 4], box[6 * a + 1] - box[6 * b + 4]));
        double dz = Math.max(0, Math.max(box[6 * b + 2] - box[6 * a + 5], box[6 * a + 2] - box[6 * b + 5]));
        return dx * dx + dy * dy + dz * dz;
    }

    /** Squared distance from a point to leaf {@code l}'s box (0 inside), rounded no higher than to any point in it. */
    private static double boxDistance(double[] box, int l, double x, double y, double z) {
        double dx = Math.max(0, Math.max(box[6 * l] - x, x - box[6 * l + 3]));
        double dy = Math.max(0, Math.max(box[6 * l + 1] - y, y - box[6 * l + 4]));
        double dz = Math.max(0, Math.max(box[6 * l + 2] - z, z - box[6 * l + 5]));
        return dx * dx + dy * dy + dz * dz;
    }

    /**
     * Offers point j at squared distance d to the sorted list of the best {@code size} (at most k),
     * ordered by distance, then index; returns the new size.
     */
    private static int offer(double d, int j, int size, int k, double[] bestD, int[] bestJ) {
        int at;
        if (size == k) {
            if (d > bestD[k - 1] || (d == bestD[k - 1] && j > bestJ[k - 1])) return size;
            at = k - 1;
        } else {
            at = size++;
        }
        while (at > 0 && (bestD[at - 1] > d || (bestD[at - 1] == d && bestJ[at - 1] > j))) {
            bestD[at] = bestD[at - 1];
            bestJ[at] = bestJ[at - 1];
            at--;
        }
        bestD[at] = d;
        bestJ[at] = j;
        return size;
    }

    /**
     * Point indices in the leaf order of a k-d tree: a range is sorted along its widest axis and split
     * so that the lower part holds a whole number of leaves, down to single leaves. Neighbouring
     * leaves in this order are neighbours in space, and their boxes are compact. (The order only
     * decides how much is pruned, never the result, so sorting by float coordinates is enough.)
     */
    private static int[] treeOrder(double[] xyz, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        split(xyz, order, new long[n], 0, n);
        return order;
    }

    private static void split(double[] xyz, int[] order, long[] keys, int from, int to) {
        if (to - from <= LEAF) return;
        int axis = 0;
        double widest = -1;
        for (int a = 0; a < 3; a++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int t = from; t < to; t++) {
                lo = Math.min(lo, xyz[3 * order[t] + a]);
                hi = Math.max(hi, xyz[3 * order[t] + a]);
            }
            if (hi - lo > widest) {
                widest = hi - lo;
                axis = a;
            }
        }
        // sort by (coordinate, index) packed in one long: the float's bits made to compare as an int
        for (int t = from; t < to; t++) {
            int bits = Float.floatToIntBits((float) xyz[3 * order[t] + axis]);
            keys[t] = (long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32 | order[t];
        }
        java.util.Arrays.sort(keys, from, to);
        for (int t = from; t < to; t++) order[t] = (int) keys[t];
        int leaves = (to - from + LEAF - 1) / LEAF;
        int mid = from + LEAF * ((leaves + 1) / 2);
        split(xyz, order, keys, from, mid);
        split(xyz, order, keys, mid, to);
    }

    /**
     * The 12 input values of every point: x, y, z, then the 3x3 local matrix row by row.
     * {@link LocalMatrix#OUTER_PRODUCT} is {@code p_a p_b^T} of the first two neighbours a, b (the
     * reference code; a is the point itself unless it has a duplicate); {@link LocalMatrix#COVARIANCE}
     * is the paper's {@code (1/k) sum_j (p_j - m)(p_j - m)^T} over the k neighbours with mean m.
     */
    static double[] inputFeatures(double[] xyz, int[] neighbours, int k, LocalMatrix matrix) {
        int n = xyz.length / 3;
        double[] out = new double[n * FoldingNetConfig.INPUT_FEATURES];
        NativeArrays.parallelFor(n, i -> {
            int o = i * FoldingNetConfig.INPUT_FEATURES;
            out[o] = xyz[3 * i];
            out[o + 1] = xyz[3 * i + 1];
            out[o + 2] = xyz[3 * i + 2];
            if (matrix == LocalMatrix.OUTER_PRODUCT) {
                localOuterProduct(xyz, neighbours[i * k], neighbours[i * k + 1], out, o + 3);
            } else {
                localCovariance(xyz, neighbours, i * k, k, out, o + 3);
            }
        });
        return out;
    }

    static void localOuterProduct(double[] xyz, int a, int b, double[] out, int at) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) out[at + 3 * r + c] = xyz[3 * a + r] * xyz[3 * b + c];
        }
    }

    static void localCovariance(double[] xyz, int[] neighbours, int from, int k, double[] out, int at) {
        double[] m = new double[3];
        for (int j = 0; j < k; j++) {
            int p = neighbours[from + j];
            for (int r = 0; r < 3; r++) m[r] += xyz[3 * p + r];
        }
        for (int r = 0; r < 3; r++) m[r] /= k;
        for (int j = 0; j < k; j++) {
            int p = neighbours[from + j];
            for (int r = 0; r < 3; r++) {
                double dr = xyz[3 * p + r] - m[r];
                for (int c = 0; c < 3; c++) out[at + 3 * r + c] += dr * (xyz[3 * p + c] - m[c]);
            }
        }
        for (int e = 0; e < 9; e++) out[at + e] /= k;
    }
}
