package org.braggflow.encode.foldingnet;

/**
 * Axis of the training augmentation's random rotation in 15-degree steps, through the cloud's
 * centroid. {@code NONE} (the default) keeps orientation, which carries physics; {@code ANGLE} (the
 * rocking-angle axis, z) is the authors' stated choice; {@code DET_COL} turns the (det_row, angle)
 * plane as the reference data loader does with its (x, z) columns.
 */
enum RotationAxis {
    NONE, ANGLE, DET_ROW, DET_COL
}
