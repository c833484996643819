package org.braggflow.features.blocks;

/** How the maps of the shape block are put on one scale. */
public enum ShapeScaling {
    /** Each map divided by its noise, measured from differences between neighbouring positions. */
    NEIGHBOUR_NOISE,
    /** Each map divided by its standard deviation over the scan. */
    Z_SCORE
}
