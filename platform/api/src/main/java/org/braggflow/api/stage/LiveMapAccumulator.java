package org.braggflow.api.stage;

import org.braggflow.api.result.ScanMaps;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Conventional maps kept up to date while a scan is acquired: frames arrive one rocking angle at a
 * time and the maps of the angles seen so far can be taken after each. The state per position is a
 * few numbers per angle, not the frames.
 */
@ConsumerType
public interface LiveMapAccumulator {

    /** Adds one position's frame at one planned angle ({@code detRows x detCols}, row-major); thread-safe across positions. */
    void addFrame(int angle, int row, int col, float[] frame);

    /** The maps of the angles added so far; values of positions outside the mask are undefined except intensity. */
    ScanMaps snapshot(boolean[] mask);
}
