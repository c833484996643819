package org.braggflow.encode.foldingnet;

/**
 * The encoder's input (FoldingNet section 3.1, science.md step 5): the k-nearest-neighbour graph of a
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
            NativeArrays.parallelFor(n, i -> nearest(xyz, n, i, k, out));
        }
        return out;
    }

    /** Keeps the k best candidates in a sorted insertion buffer; ties go to the lower index. */
    private static void nearest(double[] xyz, int n, int i, int k, int[] out) {
        double xi = xyz[3 * i], yi = xyz[3 * i + 1], zi = xyz[3 * i + 2];
        double[] bestD = new double[k];
        int[] bestJ = new int[k];
        int size = 0;
        for (int j = 0; j < n; j++) {
            double dx = xyz[3 * j] - xi, dy = xyz[3 * j + 1] - yi, dz = xyz[3 * j + 2] - zi;
            double d = dx * dx + dy * dy + dz * dz;
            if (size == k && d >= bestD[k - 1]) continue;  // j > every kept index, so a tie loses
            int at = size == k ? k - 1 : size++;
            while (at > 0 && bestD[at - 1] > d) {
                bestD[at] = bestD[at - 1];
                bestJ[at] = bestJ[at - 1];
                at--;
            }
            bestD[at] = d;
            bestJ[at] = j;
        }
        System.arraycopy(bestJ, 0, out, i * k, k);
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
