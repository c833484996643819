package org.braggflow.cloud.threshold;

/** How the {@code threshold} and {@code clip} values are read. */
public enum ThresholdMode {
    /** In the data's own intensity units (counts, or normalised units). */
    ABSOLUTE,
    /** As a fraction of the position's maximum intensity: works on raw counts and normalised data alike. */
    FRACTION_OF_MAX,
    /** As a multiple of the position's estimated background (median voxel, or mean when the median is 0). */
    BACKGROUND_MULTIPLE
}
