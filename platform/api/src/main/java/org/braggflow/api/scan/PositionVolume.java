package org.braggflow.api.scan;

/**
 * The 3-D diffraction volume of one sample position: intensities indexed
 * {@code [angle][detRow][detCol]}, stored flat in that order. The array is owned by the volume;
 * stages treat it as read-only.
 */
public record PositionVolume(int row, int col, int nAngles, int detRows, int detCols, float[] intensity) {

    public PositionVolume {
        long expected = (long) nAngles * detRows * detCols;
        if (intensity.length != expected) {
            throw new IllegalArgumentException("volume of " + nAngles + "x" + detRows + "x" + detCols
                    + " needs " + expected + " values, got " + intensity.length);
        }
    }

    public float at(int angle, int detRow, int detCol) {
        return intensity[(angle * detRows + detRow) * detCols + detCol];
    }

    public int size() {
        return intensity.length;
    }
}
