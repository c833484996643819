package org.braggflow.denoise.lpaici;

import java.util.Arrays;

/**
 * A spatially coherent order of a cloud's points: sorted along the Z-order (Morton) curve of their
 * coordinates. Each LPA-ICI point reads and writes the coordinates and accumulators of the thousand
 * or so points in its ball; when neighbours in space are also neighbours in memory those accesses
 * stay in cache, which makes a pass over 200k points several times faster than in acquisition
 * order. The filter's result does not depend on the order.
 */
final class MortonOrder {

    /** Bits per axis of the quantised coordinates: 3 x 14 for the key leaves 21 bits for the index. */
    private static final int BITS = 14;
    private static final int INDEX_BITS = 21;

    private MortonOrder() {
    }

    /**
     * The permutation: {@code order[k]} is the original index of the k-th point along the curve. Clouds
     * too large to pack the index beside the key keep their own order.
     */
    static int[] of(float[] xyz) {
        int n = xyz.length / 3;
        int[] order = new int[n];
        if (n >= 1 << INDEX_BITS) {
            for (int i = 0; i < n; i++) order[i] = i;
            return order;
        }
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < xyz.length; i++) {
            min[i % 3] = Math.min(min[i % 3], xyz[i]);
            max[i % 3] = Math.max(max[i % 3], xyz[i]);
        }
        // One cell size for all axes keeps the curve's locality isotropic.
        double extent = Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2]));
        double toCell = extent > 0 ? ((1 << BITS) - 1) / extent : 0;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long code = 0;
            for (int c = 0; c < 3; c++) {
                long cell = (long) ((xyz[3 * i + c] - min[c]) * toCell);
                code |= spread(cell) << c;
            }
            keys[i] = code << INDEX_BITS | i;
        }
        Arrays.sort(keys);
        long mask = (1L << INDEX_BITS) - 1;
        for (int k = 0; k < n; k++) order[k] = (int) (keys[k] & mask);
        return order;
    }

    /** Points of {@code xyz} in the given order. */
    static float[] permute(float[] xyz, int[] order) {
        float[] out = new float[xyz.length];
        for (int k = 0; k < order.length; k++) System.arraycopy(xyz, 3 * order[k], out, 3 * k, 3);
        return out;
    }

    /** The inverse of {@link #permute}: back to the original order. */
    static float[] restore(float[] ordered, int[] order) {
        float[] out = new float[ordered.length];
        for (int k = 0; k < order.length; k++) System.arraycopy(ordered, 3 * k, out, 3 * order[k], 3);
        return out;
    }

    /** The low BITS bits of v spread out to every third bit. */
    private static long spread(long v) {
        long r = 0;
        for (int b = 0; b < BITS; b++) r |= ((v >> b) & 1L) << (3 * b);
        return r;
    }
}
