package org.braggflow.api.scan;

import java.io.IOException;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Streaming access to an opened scan. Volumes are assembled one position (or one chunk of
 * positions) at a time; an implementation never holds the whole scan in memory, so a 60 GB scan
 * can be read with a small heap.
 */
@ConsumerType
public interface ScanSource extends AutoCloseable {

    ScanMetadata metadata();

    /** Reads the volume of one position, monitor-normalised and drift-aligned where the reader does so. */
    PositionVolume volume(int row, int col) throws IOException;

    /**
     * Visits positions {@code first .. first+count-1} in row-major order. Readers override this to
     * read a chunk of positions per file access; the default reads them one by one.
     */
    default void forEachPosition(int first, int count, Consumer<PositionVolume> visitor) throws IOException {
        int cols = metadata().scanCols();
        for (int i = first; i < first + count; i++) {
            visitor.accept(volume(i / cols, i % cols));
        }
    }

    /** Whether a position belongs to the sample (the particle mask); positions outside are not analysed. */
    default boolean inMask(int row, int col) {
        return true;
    }

    /**
     * What the reader found and did, for provenance: e.g. the per-angle drift shifts, the mask
     * threshold, hot pixels. Plain values, lists and maps only.
     */
    default java.util.Map<String, Object> details() {
        return java.util.Map.of();
    }

    /**
     * Where each angle's frame of a position was measured, relative to that position, in scan positions
     * {@code [angle][row, col]}: a reader that corrects drift by taking each position's frame whole from
     * the nearest grid position knows that the frame's sample point lies up to half a position away (the
     * same offset for every position, away from the scan's edges). Null when frames are blended from
     * several positions or the reader does not say; zeros when there is no drift.
     *
     * @since 1.3.0
     */
    default double[][] frameOffsets() {
        return null;
    }

    @Override
    void close() throws IOException;
}
