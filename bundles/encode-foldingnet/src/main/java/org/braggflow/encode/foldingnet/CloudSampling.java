package org.braggflow.encode.foldingnet;

import java.util.Arrays;
import java.util.Random;

/**
 * Brings clouds to the network's fixed point count and augments them for training (science.md step
 * 5: raw coordinates, not normalised; random rotation about the angle axis in 15-degree steps).
 */
final class CloudSampling {

    /** Rotation steps of the augmentation: 360 / 15. */
    static final int ROTATION_STEPS = 24;

    private CloudSampling() {
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

    /** A seed for one cloud, so a cloud is sampled alike wherever it sits in a list. */
    static long cloudSeed(long seed, float[] xyz) {
        return seed * 0x9E3779B97F4A7C15L ^ Arrays.hashCode(xyz);
    }
}
