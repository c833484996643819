package org.braggflow.encode.pca;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;

/**
 * Seeded synthetic Bragg-peak clouds in raw coordinates: Gaussian blobs at a random offset, each turned
 * by a small random rotation (orientation noise), 300 to 1000 points.
 */
final class SyntheticPeaks {

    enum Family {
        /** Compact blob, standard deviation about 0.5 on every axis. */
        SHARP,
        /** The same shape broadened about 1.8 times: differs from SHARP only in size. */
        BROAD,
        /** Two compact sub-peaks about 2 apart along a random direction: a split peak. */
        SPLIT
    }

    private SyntheticPeaks() {
    }

    static PointCloud cloud(Family family, Random r, int index) {
        int n = 300 + r.nextInt(701);
        double scale = family == Family.BROAD ? 1.8 : 1.0;
        double[] sigma = {scale * (0.45 + 0.1 * r.nextDouble()), scale * (0.45 + 0.1 * r.nextDouble()),
                scale * (0.45 + 0.1 * r.nextDouble())};
        double[] offset = {10 + 2 * r.nextGaussian(), 20 + 2 * r.nextGaussian(), 5 + r.nextGaussian()};
        double[][] turn = rotation(0.2 * r.nextGaussian(), 0.2 * r.nextGaussian(), 0.2 * r.nextGaussian());
        double[] split = unit(r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
        float[] xyz = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double[] p = {sigma[0] * r.nextGaussian(), sigma[1] * r.nextGaussian(), sigma[2] * r.nextGaussian()};
            if (family == Family.SPLIT) {
                double side = i % 2 == 0 ? 1 : -1;
                for (int a = 0; a < 3; a++) p[a] += side * split[a];
            }
            for (int a = 0; a < 3; a++) {
                xyz[3 * i + a] = (float) (offset[a] + turn[a][0] * p[0] + turn[a][1] * p[1] + turn[a][2] * p[2]);
            }
        }
        return new PointCloud(index / 8, index % 8, xyz, null);
    }

    /** {@code count} clouds alternating between the two families, family a first. */
    static List<PointCloud> mixed(Family a, Family b, int count, long seed, List<Family> labels) {
        Random r = new Random(seed);
        List<PointCloud> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Family f = i % 2 == 0 ? a : b;
            labels.add(f);
            out.add(cloud(f, r, i));
        }
        return out;
    }

    private static double[] unit(double x, double y, double z) {
        double norm = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / norm, y / norm, z / norm};
    }

    /** Rotation by small angles about x, then y, then z. */
    private static double[][] rotation(double ax, double ay, double az) {
        double[][] x = {{1, 0, 0}, {0, Math.cos(ax), -Math.sin(ax)}, {0, Math.sin(ax), Math.cos(ax)}};
        double[][] y = {{Math.cos(ay), 0, Math.sin(ay)}, {0, 1, 0}, {-Math.sin(ay), 0, Math.cos(ay)}};
        double[][] z = {{Math.cos(az), -Math.sin(az), 0}, {Math.sin(az), Math.cos(az), 0}, {0, 0, 1}};
        return multiply(z, multiply(y, x));
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
            }
        }
        return c;
    }
}
