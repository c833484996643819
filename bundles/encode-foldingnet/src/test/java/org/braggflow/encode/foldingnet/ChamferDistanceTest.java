package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ChamferDistanceTest {

    @Test
    void sumsSquaredNearestDistancesBothWaysAndOverTheBatch() {
        double[][] inputs = {{0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 2, 0}};
        // cloud 0 reconstructed as one point (0,0,1): inputs to it 1 + 2, it to input 1 -> 4
        // cloud 1 reconstructed as one point (0,0,0): inputs 0 + 4, it 0 -> 4
        INDArray rec = NativeArrays.of(DataType.DOUBLE, new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        ChamferDistance.Result r = ChamferDistance.chamferDistance(rec, inputs, true);
        assertArrayEquals(new double[] {4, 4}, r.perCloud(), 1e-12);
        assertEquals(8, r.total(), 1e-12);
        // d/dy: cloud 0: 2(y - x0) twice (nearest of both inputs and of y) + 2(y - x1) -> (-2, 0, 6)
        assertArrayEquals(new double[] {-2, 0, 6, 0, -4, 0}, NativeArrays.toDoubles(r.gradient()), 1e-12);
    }

    /**
     * The blocked passes against the plain double loop they replace, on clouds full of ties (integer
     * coordinates, repeated points) and sizes that are not multiples of the block: the same loss and
     * gradient to the bit, so the same nearest points on ties.
     */
    @Test
    void blockedPassesMatchThePlainLoopExactly() {
        java.util.Random random = new java.util.Random(9);
        int clouds = 3, n = 101, m = 67;
        double[][] inputs = new double[clouds][3 * n];
        double[] y = new double[clouds * m * 3];
        for (double[] x : inputs) {
            for (int i = 0; i < x.length; i++) x[i] = random.nextInt(5);
        }
        for (int i = 0; i < y.length; i++) y[i] = random.nextInt(6) - 0.5 * random.nextInt(2);
        System.arraycopy(y, 0, y, 30, 12);
        INDArray rec = NativeArrays.of(DataType.DOUBLE, y, clouds * m, 3);
        ChamferDistance.Result r = ChamferDistance.chamferDistance(rec, inputs, true);
        double[] dy = new double[y.length];
        for (int b = 0; b < clouds; b++) {
            assertEquals(plainLoop(inputs[b], y, b * m, m, dy), r.perCloud()[b], 0);
        }
        assertArrayEquals(dy, NativeArrays.toDoubles(r.gradient()), 0);
    }

    /** The exhaustive loop, nearest index tracked by a strict comparison, as first written. */
    private static double plainLoop(double[] x, double[] y, int from, int m, double[] dy) {
        int n = x.length / 3;
        int[] nearestOfX = new int[n];
        double[] distX = new double[n];
        java.util.Arrays.fill(distX, Double.POSITIVE_INFINITY);
        double sumY = 0;
        for (int j = 0; j < m; j++) {
            int q = 3 * (from + j);
            double best = Double.POSITIVE_INFINITY;
            int bestI = 0;
            for (int i = 0; i < n; i++) {
                double d0 = x[3 * i] - y[q], d1 = x[3 * i + 1] - y[q + 1], d2 = x[3 * i + 2] - y[q + 2];
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
            for (int c = 0; c < 3; c++) dy[q + c] += 2 * (y[q + c] - x[3 * bestI + c]);
        }
        double sumX = 0;
        for (int i = 0; i < n; i++) {
            sumX += distX[i];
            int q = 3 * (from + nearestOfX[i]);
            for (int c = 0; c < 3; c++) dy[q + c] += 2 * (y[q + c] - x[3 * i + c]);
        }
        return sumX + sumY;
    }
}
