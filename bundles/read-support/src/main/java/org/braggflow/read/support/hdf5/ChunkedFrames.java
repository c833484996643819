package org.braggflow.read.support.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Detector frames read from a chunked HDF5 dataset chunk by chunk: jHDF finds and decompresses each
 * chunk the slab touches ({@link ChunkedDataset#getDecompressedChunk}), and the part of it inside the
 * slab is converted straight into the frames as floats.
 *
 * <p>Written by hand for two reasons. jHDF 0.10's slab read of a chunked dataset looks chunks up by
 * their index where it must use their offset, so it returns zeros past the first chunk along any axis
 * whose chunks are longer than one element (jHDF issue 727; ChunkedFramesTest shows it): detector
 * files chunked one whole frame per chunk read right, any other chunking did not. And it is the hot
 * loop of reading compressed scans: that slab read copies the chunks one element at a time and builds
 * a Java array per frame row, which took three quarters of the survey of a 21-angle deflate scan
 * (`braggflow bench --only read`); this copies each run of a chunk's last dimension once.
 *
 * <p>{@link #read} answers false when the dataset is not chunked, its element type is not a plain
 * integer or IEEE float, or jHDF cannot find or decode a chunk; the caller then reads the slab through
 * jHDF's own read, which reads what this cannot and reports what is wrong with the file.
 */
public final class ChunkedFrames {

    private ChunkedFrames() {
    }

    /**
     * Reads the slab {@code [offset, offset + shape)} into {@code frames}: the last two dimensions of the
     * slab are a frame (row-major), the dimensions before them, in row-major order, number the frames.
     *
     * @return false when the slab cannot be read this way: read it through jHDF, which overwrites the frames
     */
    public static boolean read(Dataset dataset, long[] offset, int[] shape, float[][] frames) {
        try {
            return readChunks(dataset, offset, shape, frames);
        } catch (RuntimeException e) {
            // a missing chunk (the fill value), a filter jHDF lacks: its own read handles or names them
            return false;
        }
    }

    private static boolean readChunks(Dataset dataset, long[] offset, int[] shape, float[][] frames) {
        if (!(dataset instanceof ChunkedDataset chunked) || shape.length < 2) return false;
        DataType type = dataset.getDataType();
        Converter convert = converter(type);
        if (convert == null) return false;
        ByteOrder order = ((OrderedDataType) type).getByteOrder();
        int rank = shape.length;
        int[] chunk = chunked.getChunkDimensions();
        if (chunk.length != rank) return false;
        int elementSize = type.getSize();
        long chunkElements = 1;
        for (int c : chunk) chunkElements *= c;
        int[] chunkStride = strides(chunk);
        int frameRows = shape[rank - 2], frameCols = shape[rank - 1];

        int[] first = new int[rank], last = new int[rank], at = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (shape[i] <= 0) return true;
            first[i] = (int) (offset[i] / chunk[i]);
            last[i] = (int) ((offset[i] + shape[i] - 1) / chunk[i]);
        }
        System.arraycopy(first, 0, at, 0, rank);
        int[] origin = new int[rank], lo = new int[rank], hi = new int[rank], t = new int[rank];
        while (true) {
            for (int i = 0; i < rank; i++) {
                origin[i] = at[i] * chunk[i];
                lo[i] = (int) Math.max(offset[i], origin[i]);
                hi[i] = (int) Math.min(offset[i] + shape[i], (long) origin[i] + chunk[i]);
            }
            byte[] bytes = chunked.getDecompressedChunk(origin);
            if (bytes.length != chunkElements * elementSize) return false;
            ByteBuffer data = ByteBuffer.wrap(bytes).order(order);
            copyChunk(data, convert, chunkStride, origin, lo, hi, t, offset, shape, frameRows, frameCols, frames);
            if (!next(at, first, last)) return true;
        }
    }

    /** Every run of the chunk's last dimension inside the slab, converted into its frame. */
    private static void copyChunk(ByteBuffer data, Converter convert, int[] chunkStride, int[] origin, int[] lo, int[] hi, int[] t,
                                  long[] offset, int[] shape, int frameRows, int frameCols, float[][] frames) {
        int rank = lo.length;
        int run = hi[rank - 1] - lo[rank - 1];
        System.arraycopy(lo, 0, t, 0, rank - 1);
        while (true) {
            int source = lo[rank - 1] - origin[rank - 1];
            for (int i = 0; i < rank - 1; i++) source += (t[i] - origin[i]) * chunkStride[i];
            int frame = 0;
            for (int i = 0; i < rank - 2; i++) frame = frame * shape[i] + (int) (t[i] - offset[i]);
            int target = (int) (t[rank - 2] - offset[rank - 2]) * frameCols + (int) (lo[rank - 1] - offset[rank - 1]);
            convert.run(data, source, frames[frame], target, run);
            // the next run: the odometer over the dimensions before the last
            int i = rank - 2;
            while (i >= 0 && ++t[i] == hi[i]) {
                t[i] = lo[i];
                i--;
            }
            if (i < 0) return;
        }
    }

    private static boolean next(int[] at, int[] first, int[] last) {
        for (int i = at.length - 1; i >= 0; i--) {
            if (++at[i] <= last[i]) return true;
            at[i] = first[i];
        }
        return false;
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    /** Converts {@code length} elements from element {@code source} of a chunk into {@code out[target ..]}. */
    @FunctionalInterface
    private interface Converter {
        void run(ByteBuffer data, int source, float[] out, int target, int length);
    }

    /**
     * Unsigned 16-bit elements, what photon-counting detectors write: read from the chunk's bytes
     * directly, two bytes per element in the buffer's order. The buffer's own getShort checks its bounds
     * for every element, which made the conversion a fifth of reading a deflate scan's frames.
     */
    private static void unsigned16(ByteBuffer d, int s, float[] o, int t, int n) {
        if (!d.hasArray()) {
            for (int k = 0; k < n; k++) o[t + k] = d.getShort(2 * (s + k)) & 0xFFFF;
            return;
        }
        byte[] b = d.array();
        int at = d.arrayOffset() + 2 * s;
        int low = d.order() == ByteOrder.LITTLE_ENDIAN ? 0 : 1;
        if (at < 0 || at + 2 * n > b.length) throw new IndexOutOfBoundsException("elements " + s + "-" + (s + n - 1) + " beyond the chunk");
        for (int k = 0; k < n; k++) {
            int i = at + 2 * k;
            o[t + k] = (b[i + low] & 0xFF) | (b[i + 1 - low] & 0xFF) << 8;
        }
    }

    /** The conversion of a plain integer or IEEE float element type; null for any other. */
    private static Converter converter(DataType type) {
        if (type instanceof FixedPoint f) {
            if (f.getBitOffset() != 0 || f.getBitPrecision() != 8 * f.getSize()) return null;
            boolean signed = f.isSigned();
            return switch (f.getSize()) {
                case 1 -> signed
                        ? (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.get(s + k); }
                        : (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.get(s + k) & 0xFF; };
                case 2 -> signed
                        ? (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.getShort(2 * (s + k)); }
                        : ChunkedFrames::unsigned16;
                case 4 -> signed
                        ? (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.getInt(4 * (s + k)); }
                        : (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.getInt(4 * (s + k)) & 0xFFFFFFFFL; };
                case 8 -> signed
                        ? (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.getLong(8 * (s + k)); }
                        : null;
                default -> null;
            };
        }
        if (type instanceof FloatingPoint f) {
            return switch (f.getSize()) {
                case 4 -> (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = d.getFloat(4 * (s + k)); };
                case 8 -> (d, s, o, t, n) -> { for (int k = 0; k < n; k++) o[t + k] = (float) d.getDouble(8 * (s + k)); };
                default -> null;
            };
        }
        return null;
    }
}
