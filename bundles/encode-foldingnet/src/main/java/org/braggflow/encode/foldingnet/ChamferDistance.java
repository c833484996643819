package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reconstruction loss (FoldingNet equation 1 as the reference code computes it, science.md step
 * 5): for input S and reconstruction S', the sum over x in S of the squared distance to the nearest
 * point of S', plus the sum over y in S' of the squared distance to the nearest point of S; summed,
 * not averaged, over the points and over the clouds of a batch.
 *
 * <p>Nearest neighbours are found by exhaustive search in double precision (a few million pairs per
 * cloud). The gradient with respect to S' follows from the nearest-neighbour assignment:
 * {@code 2 (y - x)} for each pair that counts.
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

    /** Loss of one cloud; adds its gradient into {@code dy} (rows {@code from .. from + m}) when given. */
    private static double cloud(double[] x, double[] y, int from, int m, double[] dy) {
        int n = x.length / 3;
        int[] nearestOfX = new int[n];
        double[] distX = new double[n];
        java.util.Arrays.fill(distX, Double.POSITIVE_INFINITY);
        double sumY = 0;
        for (int j = 0; j < m; j++) {
            int q = 3 * (from + j);
            double y0 = y[q], y1 = y[q + 1], y2 = y[q + 2];
            double best = Double.POSITIVE_INFINITY;
            int bestI = 0;
            for (int i = 0; i < n; i++) {
                double d0 = x[3 * i] - y0, d1 = x[3 * i + 1] - y1, d2 = x[3 * i + 2] - y2;
                double d = d0 * d0 + d1 * d1 + d2 * d2;
                if (d < best) {
                    best = d;
                    bestI = i;
                }
                if (d < distX[i]) {
                    distX[i] = d;
                    nearestOfX[i] = j;
                }
            }
            sumY += best;
            if (dy != null) {
                for (int c = 0; c < 3; c++) dy[q + c] += 2 * (y[q + c] - x[3 * bestI + c]);
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

    /** The loss of each cloud for a reconstruction given as plain coordinates. */
    static double chamferDistance(double[] input, double[] reconstruction) {
        try (INDArray rec = Nd4j.create(reconstruction, new long[] {reconstruction.length / 3, 3}, 'c')) {
            return chamferDistance(rec, new double[][] {input}, false).total();
        }
    }
}
