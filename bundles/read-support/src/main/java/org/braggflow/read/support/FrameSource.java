package org.braggflow.read.support;

import java.io.Closeable;
import java.io.IOException;
import org.braggflow.api.scan.ScanMetadata;

/**
 * Raw access to the frames of one input format, as stored: no normalisation, no alignment. Reader
 * bundles implement it; {@link AlignedScan} turns it into the position volumes stages consume.
 */
public interface FrameSource extends Closeable {

    ScanMetadata metadata();

    /**
     * Reads the frames of {@code count} consecutive positions of one scan row at one angle into
     * {@code out[i]} (each {@code detRows x detCols}, row-major).
     */
    void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException;

    /**
     * Whether {@link #readFrames} may run for different angles on different threads at once (each angle
     * still read by one thread at a time): true when every angle has its own file and reader, which
     * lets the survey made on opening decompress several angles at once.
     */
    default boolean anglesReadConcurrently() {
        return false;
    }

    /** Incident flux per position at one angle ({@code rows x cols}), or null when the format has none. */
    float[] monitor(int angle) throws IOException;

    /** Fluorescence map at one angle ({@code rows x cols}), or null when none came with the scan. */
    float[] xrf(int angle) throws IOException;
}
