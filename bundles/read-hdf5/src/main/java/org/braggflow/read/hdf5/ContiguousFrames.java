package org.braggflow.read.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Direct reads of an uncompressed, contiguous frames dataset: the frames of consecutive positions of
 * one row at one angle are one contiguous byte range of the file, so a row segment is a single
 * positional read, converted to floats in a tight loop.
 *
 * <p>Written beside the HDF5 library (which still parses the file, its layout and type) because its
 * general hyperslab path copies element by element into nested Java arrays: `braggflow bench`
 * measures both on the same file. Chunked or compressed datasets go through the library.
 */
final class ContiguousFrames implements AutoCloseable {

    private enum Kind { FLOAT32, FLOAT64, UINT8, INT8, UINT16, INT16, UINT32, INT32 }

    private final FileChannel channel;
    private final long address;
    private final Kind kind;
    private final int bytes;
    private final ByteOrder order;
    private final long rowStride;   // elements per (angle, row)
    private final long frameSize;   // elements per frame
    private final int cols;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    private ContiguousFrames(FileChannel channel, long address, Kind kind, int bytes, ByteOrder order, int[] dims) {
        this.channel = channel;
        this.address = address;
        this.kind = kind;
        this.bytes = bytes;
        this.order = order;
        this.frameSize = (long) dims[3] * dims[4];
        this.rowStride = dims[2] * frameSize;
        this.cols = dims[2];
    }

    /** The fast path for this dataset, or null when it is chunked, filtered or of another type. */
    static ContiguousFrames of(Path file, Dataset frames) throws IOException {
        if (!(frames instanceof ContiguousDataset c) || !frames.getFilters().isEmpty()) return null;
        DataType t = frames.getDataType();
        Kind kind;
        ByteOrder order;
        if (t instanceof FloatingPoint f) {
            kind = t.getSize() == 4 ? Kind.FLOAT32 : t.getSize() == 8 ? Kind.FLOAT64 : null;
            order = f.getByteOrder();
        } else if (t instanceof FixedPoint x) {
            kind = switch (t.getSize()) {
                case 1 -> x.isSigned() ? Kind.INT8 : Kind.UINT8;
                case 2 -> x.isSigned() ? Kind.INT16 : Kind.UINT16;
                case 4 -> x.isSigned() ? Kind.INT32 : Kind.UINT32;
                default -> null;
            };
            order = x.getByteOrder();
        } else {
            return null;
        }
        if (kind == null) return null;
        return new ContiguousFrames(FileChannel.open(file, StandardOpenOption.READ), c.getDataAddress(), kind, t.getSize(), order,
                frames.getDimensions());
    }

    /** Frames of positions (row, firstCol .. firstCol+count-1) at one angle, into out[k]. */
    void read(int angle, int scanRows, int row, int firstCol, int count, float[][] out) throws IOException {
        long first = ((long) angle * scanRows + row) * rowStride + firstCol * frameSize;
        int length = Math.toIntExact(count * frameSize * bytes);
        if (buffer.capacity() < length) buffer = ByteBuffer.allocateDirect(length);
        buffer.clear().limit(length);
        long position = address + first * bytes;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ends inside the frames of angle " + angle + ", row " + row + " (truncated)");
            }
        }
        buffer.flip().order(order);
        int n = (int) frameSize;
        for (int k = 0; k < count; k++) {
            float[] f = out[k];
            int base = k * n;
            switch (kind) {
                case FLOAT32 -> buffer.asFloatBuffer().position(base).get(f, 0, n);
                case FLOAT64 -> { for (int i = 0; i < n; i++) f[i] = (float) buffer.getDouble((base + i) * 8); }
                case UINT8 -> { for (int i = 0; i < n; i++) f[i] = buffer.get(base + i) & 0xff; }
                case INT8 -> { for (int i = 0; i < n; i++) f[i] = buffer.get(base + i); }
                case UINT16 -> { for (int i = 0; i < n; i++) f[i] = buffer.getShort((base + i) * 2) & 0xffff; }
                case INT16 -> { for (int i = 0; i < n; i++) f[i] = buffer.getShort((base + i) * 2); }
                case UINT32 -> { for (int i = 0; i < n; i++) f[i] = buffer.getInt((base + i) * 4) & 0xffffffffL; }
                case INT32 -> { for (int i = 0; i < n; i++) f[i] = buffer.getInt((base + i) * 4); }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
