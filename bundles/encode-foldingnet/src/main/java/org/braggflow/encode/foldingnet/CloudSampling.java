package org.braggflow.encode.foldingnet;

import java.util.Arrays;
import java.util.Random;

/**
 * Brings clouds to the network's fixed point count and augments them for training (random rotation
 * about a coordinate axis in 15-degree steps, off by default).
 */
final class CloudSampling {

    /** Rotation steps of the augmentation: 360 / 15. */
    static final int ROTATION_STEPS = 24;

    private CloudSampling() {
    }

    /** Standard deviation of the padding jitter per axis, in units of the cloud's point spacing. */
    static final double JITTER_OF_SPACING = 0.1;
    /** Points whose nearest-neighbour distance estimates a cloud's spacing. */
    static final int SPACING_PROBES = 64;

    /** A cloud brought to the network's point count, and how many points padding added. */
    record Sample(double[] xyz, int added) {
    }

    /**
     * Exactly {@code n} points of {@code xyz}: the cloud itself when it has {@code n}; a random subset
     * without replacement, in the cloud's order, when it has more. A smaller cloud keeps all its points
     * and is filled up by {@code padding}: {@link Padding#REPEAT} adds random repeats (sorted among the
     * originals, as before); {@link Padding#JITTER} appends randomly drawn points, each moved by a
     * Gaussian step of {@value #JITTER_OF_SPACING} x the cloud's spacing per axis, so no two points
     * coincide. The choice depends only on {@code seed}.
     */
    static Sample resample(float[] xyz, int n, long seed, Padding padding) {
        int size = xyz.length / 3;
        if (size >= n || padding == Padding.REPEAT) return new Sample(resample(xyz, n, seed), Math.max(0, n - size));
        Random r = new Random(seed);
        double[] out = new double[3 * n];
        for (int i = 0; i < 3 * size; i++) out[i] = xyz[i];
        double sigma = JITTER_OF_SPACING * spacing(xyz, r);
        for (int i = size; i < n; i++) {
            int from = r.nextInt(size);
            for (int c = 0; c < 3; c++) out[3 * i + c] = xyz[3 * from + c] + sigma * r.nextGaussian();
        }
        return new Sample(out, n - size);
    }

    /**
     * The cloud's typical point spacing: the median nearest-neighbour distance of up to
     * {@value #SPACING_PROBES} random points (cheap next to the kNN graph). When the points coincide, the
     * RMS radius over the cube root of the count; when that is zero too, 1 (a detector pixel).
     */
    static double spacing(float[] xyz, Random r) {
        int size = xyz.length / 3;
        int probes = Math.min(size, SPACING_PROBES);
        double[] nearest = new double[probes];
        for (int p = 0; p < probes; p++) {
            int i = probes == size ? p : r.nextInt(size);
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                if (j == i) continue;
                double dx = xyz[3 * i] - xyz[3 * j], dy = xyz[3 * i + 1] - xyz[3 * j + 1], dz = xyz[3 * i + 2] - xyz[3 * j + 2];
                double d = dx * dx + dy * dy + dz * dz;
                if (d < best) best = d;
            }
            nearest[p] = Math.sqrt(best);
        }
        Arrays.sort(nearest);
        double median = probes == 0 ? 0 : nearest[probes / 2];
        if (median > 0 && Double.isFinite(median)) return median;
        double[] centroid = new double[3];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < 3; c++) centroid[c] += xyz[3 * i + c] / size;
        }
        double spread = InputFrame.rmsRadius(xyz, centroid) / Math.cbrt(size);
        return spread > 0 ? spread : 1;
    }

    /**
     * Exactly {@code n} points of {@code xyz}, in the cloud's order: the cloud itself when it has
     * {@code n}; a random subset when it has more; all its points plus random repeats when it has
     * fewer. The choice depends only on {@code seed}.
     */
    static double[] resample(float[] xyz, int n, long seed) {
        int size = xyz.length / 3;
        if (size == 0) throw new IllegalArgumentException("an empty cloud cannot be encoded");
        int[] pick = new int[n];
        if (size == n) {
            for (int i = 0; i < n; i++) pick[i] = i;
        } else if (size > n) {
            int[] perm = new int[size];
            for (int i = 0; i < size; i++) perm[i] = i;
            Random r = new Random(seed);
            for (int i = 0; i < n; i++) {
                int j = i + r.nextInt(size - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            System.arraycopy(perm, 0, pick, 0, n);
            Arrays.sort(pick);
        } else {
            Random r = new Random(seed);
            for (int i = 0; i < size; i++) pick[i] = i;
            for (int i = size; i < n; i++) pick[i] = r.nextInt(size);
            Arrays.sort(pick);
        }
        double[] out = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) out[3 * i + c] = xyz[3 * pick[i] + c];
        }
        return out;
    }

    /**
     * The cloud turned by {@code steps * 15} degrees about the given axis through its centroid. The
     * axes are the coordinate columns: det_row (x), det_col (y), angle (z).
     */
    static double[] rotate(double[] xyz, RotationAxis axis, int steps) {
        if (axis == RotationAxis.NONE || steps % ROTATION_STEPS == 0) return xyz.clone();
        int a = axis == RotationAxis.ANGLE ? 0 : axis == RotationAxis.DET_ROW ? 1 : 2;   // first turned column
        int b = axis == RotationAxis.ANGLE ? 1 : axis == RotationAxis.DET_ROW ? 2 : 0;   // second turned column
        int n = xyz.length / 3;
        double ca = 0, cb = 0;
        for (int i = 0; i < n; i++) {
            ca += xyz[3 * i + a];
            cb += xyz[3 * i + b];
        }
        ca /= n;
        cb /= n;
        double theta = 2 * Math.PI * steps / ROTATION_STEPS, cos = Math.cos(theta), sin = Math.sin(theta);
        double[] out = xyz.clone();
        for (int i = 0; i < n; i++) {
            double u = xyz[3 * i + a] - ca, v = xyz[3 * i + b] - cb;
            out[3 * i + a] = ca + cos * u - sin * v;
            out[3 * i + b] = cb + sin * u + cos * v;
        }
        return out;
    }

    /**
     * A seed for one cloud that a shift of the cloud does not change (its point count and intensities),
     * so a translated copy is sampled, padded and thus encoded alike.
     */
    static long shapeSeed(long seed, int points, float[] intensity) {
        return seed * 0x9E3779B97F4A7C15L ^ (31L * points + (intensity == null ? 0 : Arrays.hashCode(intensity)));
    }

    /** A seed for one cloud, so a cloud is sampled alike wherever it sits in a list. */
    static long cloudSeed(long seed, float[] xyz) {
        return seed * 0x9E3779B97F4A7C15L ^ Arrays.hashCode(xyz);
    }
}
