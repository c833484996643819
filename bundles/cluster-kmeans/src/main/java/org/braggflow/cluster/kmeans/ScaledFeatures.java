package org.braggflow.cluster.kmeans;

import java.util.List;
import org.braggflow.api.result.FeatureTable;

/**
 * The feature vectors of a table, scaled per feature (by default min-max to [0, 1], docs/method.md,
 * section 7, as the authors scale their codewords before kmeans_opt), stored row-major in one array of doubles
 * so that a distance is one pass over contiguous memory.
 *
 * <p>A feature that is constant over the table carries no information about the grouping; it is
 * scaled to 0 everywhere instead of dividing by a zero range, which would give NaN. Unscaled
 * features ({@link Scaling#NONE}) are kept as they are, constant or not.
 */
final class ScaledFeatures {

    final int n;
    final int d;
    /** Point i, feature t at {@code values[i * d + t]}. */
    final double[] values;

    ScaledFeatures(int n, int d, double[] values) {
        if (values.length != (long) n * d) throw new IllegalArgumentException(n + " x " + d + " != " + values.length);
        this.n = n;
        this.d = d;
        this.values = values;
    }

    /**
     * Scales every feature of the table to [0, 1].
     *
     * @throws IllegalArgumentException naming the first position with a NaN or infinite feature
     */
    static ScaledFeatures minMax(FeatureTable table) {
        return of(table, Scaling.MINMAX);
    }

    /**
     * The table's features scaled as asked: min-max to [0, 1], z-scores, or as given. A constant
     * feature becomes 0 under either scaling.
     *
     * @throws IllegalArgumentException naming the first position with a NaN or infinite feature
     */
    static ScaledFeatures of(FeatureTable table, Scaling scaling) {
        List<FeatureTable.Row> rows = table.rows();
        int n = rows.size(), d = table.dimension();
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " positions x " + d + " features is too many to cluster in memory");
        }
        double[] min = new double[d], max = new double[d], sum = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (FeatureTable.Row r : rows) {
            float[] v = r.values();
            for (int t = 0; t < d; t++) {
                if (!Float.isFinite(v[t])) {
                    throw new IllegalArgumentException("position (" + r.row() + "," + r.col() + ") has a non-finite feature "
                            + t + " = " + v[t]);
                }
                min[t] = Math.min(min[t], v[t]);
                max[t] = Math.max(max[t], v[t]);
                sum[t] += v[t];
            }
        }
        // value -> (value - offset) / divisor, the same division as before the other scalings existed; divisor 0 -> 0
        double[] offset = new double[d], divisor = new double[d];
        switch (scaling) {
            case MINMAX -> {
                for (int t = 0; t < d; t++) {
                    double range = max[t] - min[t];
                    offset[t] = min[t];
                    divisor[t] = range > 0 ? range : 0;
                }
            }
            case ZSCORE -> {
                double[] squares = new double[d];
                for (int t = 0; t < d; t++) offset[t] = sum[t] / n;
                for (FeatureTable.Row r : rows) {
                    float[] v = r.values();
                    for (int t = 0; t < d; t++) squares[t] += (v[t] - offset[t]) * (v[t] - offset[t]);
                }
                for (int t = 0; t < d; t++) {
                    double sd = Math.sqrt(squares[t] / n);
                    divisor[t] = max[t] > min[t] && sd > 0 ? sd : 0;
                }
            }
            case NONE -> java.util.Arrays.fill(divisor, 1);
        }
        double[] values = new double[n * d];
        for (int i = 0; i < n; i++) {
            float[] v = rows.get(i).values();
            for (int t = 0; t < d; t++) values[i * d + t] = divisor[t] > 0 ? (v[t] - offset[t]) / divisor[t] : 0;
        }
        return new ScaledFeatures(n, d, values);
    }

    /** The points at the given indices, in that order (a sample for a criterion). */
    ScaledFeatures rows(int[] indices) {
        double[] out = new double[indices.length * d];
        for (int i = 0; i < indices.length; i++) System.arraycopy(values, indices[i] * d, out, i * d, d);
        return new ScaledFeatures(indices.length, d, out);
    }

    /** Squared Euclidean distance between point i and row j of a row-major matrix of d columns. */
    double distanceSquared(int i, double[] centres, int j) {
        return distanceSquared(values, i * d, centres, j * d, d);
    }

    /**
     * Squared Euclidean distance of two vectors of length d stored at offsets of two arrays. Four
     * running sums let the CPU overlap the additions; the result is the same on every run.
     */
    static double distanceSquared(double[] a, int ao, double[] b, int bo, int d) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int t = 0;
        for (; t + 3 < d; t += 4) {
            double e0 = a[ao + t] - b[bo + t];
            double e1 = a[ao + t + 1] - b[bo + t + 1];
            double e2 = a[ao + t + 2] - b[bo + t + 2];
            double e3 = a[ao + t + 3] - b[bo + t + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; t < d; t++) {
            double e = a[ao + t] - b[bo + t];
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
