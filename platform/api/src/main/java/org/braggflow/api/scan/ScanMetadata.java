package org.braggflow.api.scan;

import java.nio.file.Path;
import java.util.List;

/**
 * What is known of a scan before any frame is read: its shape, rocking angles, geometry and the
 * files it came from. Sizes follow docs/formats.md, section 1: {@code scanRows x scanCols} positions, each
 * owning an {@code nAngles x detRows x detCols} volume.
 */
public record ScanMetadata(String scanId, String format, int scanRows, int scanCols,
                           int detRows, int detCols, double[] anglesDeg, Geometry geometry,
                           List<Path> inputFiles) {

    public ScanMetadata {
        anglesDeg = anglesDeg.clone();
        inputFiles = List.copyOf(inputFiles);
    }

    @Override
    public double[] anglesDeg() {
        return anglesDeg.clone();
    }

    public int nAngles() {
        return anglesDeg.length;
    }

    public int positionCount() {
        return scanRows * scanCols;
    }

    /** Voxels in one position volume. */
    public long voxelsPerPosition() {
        return (long) nAngles() * detRows * detCols;
    }
}
