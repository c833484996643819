package org.braggflow.read.support;

import java.lang.reflect.Array;

/** Flattens the nested primitive arrays the HDF5 library returns into float arrays. */
public final class NumericArrays {

    private NumericArrays() {
    }

    /** Copies every number of a nested array (any primitive element type) into {@code out} from {@code offset}; returns the next offset. */
    public static int flatten(Object array, float[] out, int offset) {
        if (array instanceof float[] f) {
            System.arraycopy(f, 0, out, offset, f.length);
            return offset + f.length;
        }
        if (array instanceof double[] d) {
            for (double v : d) out[offset++] = (float) v;
            return offset;
        }
        if (array instanceof int[] a) {
            for (int v : a) out[offset++] = v;
            return offset;
        }
        if (array instanceof short[] a) {
            for (short v : a) out[offset++] = v;
            return offset;
        }
        if (array instanceof long[] a) {
            for (long v : a) out[offset++] = v;
            return offset;
        }
        if (array instanceof byte[] a) {
            for (byte v : a) out[offset++] = v;
            return offset;
        }
        if (array != null && array.getClass().isArray()) {
            int n = Array.getLength(array);
            for (int i = 0; i < n; i++) offset = flatten(Array.get(array, i), out, offset);
            return offset;
        }
        throw new IllegalArgumentException("not a numeric array: " + (array == null ? "null" : array.getClass().getName()));
    }

    public static double[] toDoubles(Object array, int size) {
        float[] f = new float[size];
        flatten(array, f, 0);
        double[] d = new double[size];
        for (int i = 0; i < size; i++) d[i] = f[i];
        return d;
    }
}
