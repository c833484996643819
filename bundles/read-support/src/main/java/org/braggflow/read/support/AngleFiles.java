package org.braggflow.read.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder format with one file (or a few) per rocking angle, seen while it is being written: which
 * files each planned angle needs, and a way to open one angle once they are complete. Reader bundles of
 * per-angle formats implement it; {@link LiveAlignedScan} reads through it.
 */
public interface AngleFiles {

    /** How many angles the folder's manifest plans. */
    int plannedAngles();

    /** The files of one planned angle. */
    List<Path> files(int angle);

    /** Where the fluorescence map of one angle is written when the scan has them (it may not exist yet), or null. */
    Path xrfFile(int angle);

    /**
     * Opens one angle's files. The source's metadata is the planned scan (every planned angle, the
     * shapes read from this angle's file); only {@code angle} can be read from it.
     */
    FrameSource openAngle(int angle) throws IOException;
}
