package org.braggflow.denoise.lpaici;

import java.util.Random;

/**
 * Voxel clouds shaped like a simulated Bragg peak: a 3-D Gaussian intensity of given spreads (in
 * voxels) over a flat background, Poisson counts, and every voxel above a fraction of the peak kept
 * as the point (row, col, angle) on the integer grid, as {@code cloud/threshold} builds them. The
 * cloud is a filled ellipsoid with a ragged boundary, not a surface.
 */
final class TestBlobs {

    private TestBlobs() {
    }

    /**
     * @param spreads  Gaussian standard deviations along the three axes, in voxels
     * @param peak     expected counts at the centre
     * @param fraction voxels with counts above fraction x peak become points
     */
    static float[] braggPeak(double[] spreads, double peak, double background, double fraction, long seed) {
        Random r = new Random(seed);
        int[] half = new int[3];
        for (int c = 0; c < 3; c++) half[c] = (int) Math.ceil(4 * spreads[c]);
        float[] buffer = new float[3 * (2 * half[0] + 1) * (2 * half[1] + 1) * (2 * half[2] + 1)];
        int n = 0;
        double threshold = fraction * peak;
        for (int i = -half[0]; i <= half[0]; i++) {
            for (int j = -half[1]; j <= half[1]; j++) {
                for (int k = -half[2]; k <= half[2]; k++) {
                    double q = sq(i / spreads[0]) + sq(j / spreads[1]) + sq(k / spreads[2]);
                    double mean = peak * Math.exp(-0.5 * q) + background;
                    if (poisson(mean, r) <= threshold) continue;
                    buffer[3 * n] = i;
                    buffer[3 * n + 1] = j;
                    buffer[3 * n + 2] = k;
                    n++;
                }
            }
        }
        return java.util.Arrays.copyOf(buffer, 3 * n);
    }

    /**
     * Standard deviations of the cloud along its principal axes, smallest first (square roots of the
     * covariance's eigenvalues): a cloud flattened into a sheet of any orientation has a small first one.
     */
    static double[] principalSpreads(float[] xyz) {
        int n = xyz.length / 3;
        double[] m = new double[3];
        for (int i = 0; i < xyz.length; i++) m[i % 3] += xyz[i] / (double) n;
        double[] c = new double[6]; // xx xy xz yy yz zz
        for (int i = 0; i < n; i++) {
            double x = xyz[3 * i] - m[0], y = xyz[3 * i + 1] - m[1], z = xyz[3 * i + 2] - m[2];
            c[0] += x * x / n;
            c[1] += x * y / n;
            c[2] += x * z / n;
            c[3] += y * y / n;
            c[4] += y * z / n;
            c[5] += z * z / n;
        }
        SymmetricEigen3 e = new SymmetricEigen3();
        e.decompose(c[0], c[1], c[2], c[3], c[4], c[5]);
        return new double[] {Math.sqrt(Math.max(0, e.value(0))), Math.sqrt(Math.max(0, e.value(1))),
                Math.sqrt(Math.max(0, e.value(2)))};
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A Poisson count: Knuth's product method for small means, the rounded normal approximation above 50. */
    private static int poisson(double mean, Random r) {
        if (mean > 50) return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        double limit = Math.exp(-mean), p = 1;
        int k = -1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k;
    }
}
