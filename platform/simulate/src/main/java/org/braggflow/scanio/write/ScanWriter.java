package org.braggflow.scanio.write;

import java.io.IOException;

/**
 * Writes a scan in one of the input formats. Frames arrive angle by angle, positions in row-major
 * order within an angle; {@link #endAngle} follows the last frame of each angle. The scan is only
 * visible under its final name once {@link #close()} returns (temporary names before), so a watched
 * folder never takes half a scan.
 */
public interface ScanWriter extends AutoCloseable {

    void frame(int angle, int row, int col, float[] frame) throws IOException;

    /**
     * @param monitor incident flux per position ({@code rows x cols}, row-major), or null
     * @param xrf     fluorescence map per position, or null
     */
    void endAngle(int angle, float[] monitor, float[] xrf) throws IOException;

    @Override
    void close() throws IOException;
}
