package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reconstruction loss (FoldingNet equation 1 as the reference code computes it, docs/method.md,
 * section 5): for input S and reconstruction S', the sum over x in S of the squared distance to the nearest
 * point of S', plus the sum over y in S' of the squared distance to the nearest point of S; summed,
 * not averaged, over the points and over the clouds of a batch.
 *
 * <p>Nearest neighbours are found by exhaustive search in double precision (a few million pairs per
 * cloud), vectorised by blocks (see {@link #cloud}). The gradient with respect to S' follows from the
 * nearest-neighbour assignment: {@code 2 (y - x)} for each pair that counts.
 */
final class ChamferDistance {

    /** Loss of each cloud, and the gradient of their sum with respect to the reconstruction (or null). */
    record Result(double[] perCloud, INDArray gradient) {

        double total() {
            double s = 0;
            for (double v : perCloud) s += v;
            return s;
        }
    }

    private ChamferDistance() {
    }

    /**
     * @param reconstruction {@code [clouds * m, 3]} decoder output
     * @param inputs         per cloud, the input points {@code x0,y0,z0,...}
     * @param withGradient   whether to return the gradient
     */
    static Result chamferDistance(INDArray reconstruction, double[][] inputs, boolean withGradient) {
        INDArray rec = NativeArrays.dense(reconstruction);
        int clouds = inputs.length, m = (int) rec.rows() / clouds;
        double[] y = NativeArrays.toDoubles(rec);
        double[] dy = withGradient ? new double[y.length] : null;
        double[] perCloud = new double[clouds];
        NativeArrays.parallelFor(clouds, b -> perCloud[b] = cloud(inputs[b], y, b * m, m, dy));
        INDArray gradient = withGradient ? NativeArrays.of(rec.dataType(), dy, rec.rows(), 3) : null;
        return new Result(perCloud, gradient);
    }

    /** Points per block of the nearest-neighbour passes. */
    private static final int BLOCK = 8;

    /**
     * Loss of one cloud; adds its gradient into {@code dy} (rows {@code from .. from + m}) when given.
     *
     * <p>Each direction is one pass in blocks of {@value #BLOCK} query points: the distances from the
     * block's points to every point of the other cloud, kept as their running minimum per point in a
     * loop the JIT vectorises; only where a block's minimum beats the best so far strictly are its few
     * distances computed again to find the first point that gives it. One pass tracking the nearest
     * index element by element (compare, branch, store) stays scalar and was measured about 2x slower.
     * Distances, ties (the first nearest point wins) and the order of every sum are those of the plain
     * double loop, so results are unchanged to the bit.
     */
    private static double cloud(double[] x, double[] y, int from, int m, double[] dy) {
        int n = x.length / 3;
        double[] x0 = new double[n], x1 = new double[n], x2 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = x[3 * i];
            x1[i] = x[3 * i + 1];
            x2[i] = x[3 * i + 2];
        }
        double[] y0 = new double[m], y1 = new double[m], y2 = new double[m];
        for (int j = 0; j < m; j++) {
            y0[j] = y[3 * (from + j)];
            y1[j] = y[3 * (from + j) + 1];
            y2[j] = y[3 * (from + j) + 2];
        }
        double[] distX = new double[n], distY = new double[m];
        int[] nearestOfX = new int[n], nearestOfY = new int[m];
        nearest(x0, x1, x2, y0, y1, y2, distX, nearestOfX, false);
        nearest(y0, y1, y2, x0, x1, x2, distY, nearestOfY, true);
        double sumY = 0;
        for (int j = 0; j < m; j++) {
            sumY += distY[j];
            if (dy != null) {
                int q = 3 * (from + j);
                for (int c = 0; c < 3; c++) dy[q + c] += 2 * (y[q + c] - x[3 * nearestOfY[j] + c]);
            }
        }
        double sumX = 0;
        for (int i = 0; i < n; i++) {
            sumX += distX[i];
            if (dy != null) {
                int q = 3 * (from + nearestOfX[i]);
                for (int c = 0; c < 3; c++) dy[q + c] += 2 * (y[q + c] - x[3 * i + c]);
            }
        }
        return sumX + sumY;
    }

    /**
     * For every point p of {@code p0..p2}: the squared distance to its nearest point of {@code q0..q2}
     * and that point's index (the first on ties). Distances are formed as {@code (x - y)^2} summed over
     * the axes with x the input point and y the reconstructed one ({@code pIsY} says which side p is),
     * exactly as the plain loop forms them.
     */
    private static void nearest(double[] p0, double[] p1, double[] p2, double[] q0, double[] q1, double[] q2,
                                double[] dist, int[] index, boolean pIsY) {
        int n = p0.length, m = q0.length;
        double[] blockMin = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int j0 = 0; j0 < m; j0 += BLOCK) {
            int j1 = Math.min(m, j0 + BLOCK);
            java.util.Arrays.fill(blockMin, Double.POSITIVE_INFINITY);
            for (int j = j0; j < j1; j++) {
                double a = q0[j], b = q1[j], c = q2[j];
                if (pIsY) {
                    for (int i = 0; i < n; i++) {
                        double d0 = a - p0[i], d1 = b - p1[i], d2 = c - p2[i];
                        blockMin[i] = Math.min(blockMin[i], d0 * d0 + d1 * d1 + d2 * d2);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double d0 = p0[i] - a, d1 = p1[i] - b, d2 = p2[i] - c;
                        blockMin[i] = Math.min(blockMin[i], d0 * d0 + d1 * d1 + d2 * d2);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (blockMin[i] < dist[i]) {
                    dist[i] = blockMin[i];
                    int j = j0;
                    while (j < j1 - 1 && distance(p0[i], p1[i], p2[i], q0[j], q1[j], q2[j], pIsY) != blockMin[i]) j++;
                    index[i] = j;
                }
            }
        }
    }

    private static double distance(double p0, double p1, double p2, double q0, double q1, double q2, boolean pIsY) {
        double d0 = pIsY ? q0 - p0 : p0 - q0, d1 = pIsY ? q1 - p1 : p1 - q1, d2 = pIsY ? q2 - p2 : p2 - q2;
        return d0 * d0 + d1 * d1 + d2 * d2;
    }

    /** The loss of each cloud for a reconstruction given as plain coordinates. */
    static double chamferDistance(double[] input, double[] reconstruction) {
        try (INDArray rec = Nd4j.create(reconstruction, new long[] {reconstruction.length / 3, 3}, 'c')) {
            return chamferDistance(rec, new double[][] {input}, false).total();
        }
    }
}
