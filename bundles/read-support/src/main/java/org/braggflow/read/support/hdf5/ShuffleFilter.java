package org.braggflow.read.support.hdf5;

import io.jhdf.filter.Filter;

/**
 * HDF5's byte shuffle (filter 2) undone, in place of jHDF's own: the shuffle stores the first byte of
 * every element, then the second byte of every element, and so on, which deflate compresses better.
 *
 * <p>Written by hand because it is the hot loop of reading the detector's compressed files: jHDF 0.10's
 * filter writes every byte to its element's slot in turn, one strided byte store per byte, and took
 * two fifths of the survey of a 21-angle, 256 x 256 scan written with shuffle and deflate (`braggflow
 * bench --only read`, profiled). This one writes each element whole from its bytes, one sequential
 * pass over the output. Same bytes out (ShuffleFilterTest, against jHDF's filter).
 */
public final class ShuffleFilter implements Filter {

    @Override
    public int getId() {
        return 2;
    }

    @Override
    public String getName() {
        return "shuffle";
    }

    /** {@code filterData[0]} is the element size in bytes; bytes beyond the last whole element are stored as they are. */
    @Override
    public byte[] decode(byte[] encoded, int[] filterData) {
        int size = filterData[0];
        if (size <= 1) return encoded;
        int n = encoded.length / size;
        byte[] out = new byte[encoded.length];
        switch (size) {
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    out[2 * i] = encoded[i];
                    out[2 * i + 1] = encoded[n + i];
                }
            }
            case 4 -> {
                for (int i = 0; i < n; i++) {
                    out[4 * i] = encoded[i];
                    out[4 * i + 1] = encoded[n + i];
                    out[4 * i + 2] = encoded[2 * n + i];
                    out[4 * i + 3] = encoded[3 * n + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    for (int b = 0; b < size; b++) out[size * i + b] = encoded[b * n + i];
                }
            }
        }
        int tail = n * size;
        System.arraycopy(encoded, tail, out, tail, encoded.length - tail);
        return out;
    }
}
